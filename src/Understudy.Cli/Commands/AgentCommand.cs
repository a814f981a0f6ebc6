using System.CommandLine;
using System.Runtime.InteropServices;
using Understudy.Node.Vms.Agent;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy agent run --config FILE</c>: the guest agent of a process VM. Hidden:
/// the process-VM driver starts it (docs/vms.md); people do not.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Agent configuration written by the process-VM driver", Required = true };
        var run = new Command("run", "Run the guest agent of a process VM") { config };
        run.SetAction(async (parse, token) =>
        {
            GuestAgentConfig settings;
            try
            {
                settings = GuestAgentConfig.Load(parse.GetValue(config)!);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return ClusterFileInput.InvalidInput;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            return await new GuestAgent(settings, TimeProvider.System).RunAsync(stop.Token);
        });

        return new Command("agent", "Guest agent (started by VM drivers)") { Hidden = true, Subcommands = { run } };
    }
}
