using Understudy.Cli.Commands;
using Understudy.Core.Config;
using Understudy.Core.Lab;

namespace Understudy.Cli.Lab;

/// <summary><c>understudy up --hosts</c>: checks, builds the lab, runs the nodes in it, and
/// removes it all when stopped (Ctrl-C, SIGTERM) or when building fails.</summary>
internal static class LabUp
{
    public static async Task<int> RunAsync(ClusterConfig config, string path, string root, CancellationToken token)
    {
        if ((LabCommand.RootError("understudy up --hosts") ?? LabTool.Missing()) is { } missing)
        {
            Console.Error.WriteLine(missing);
            return ClusterFileInput.InvalidInput;
        }

        var result = LabPlanner.Plan(config, await RootNetworks.ReadAsync());
        if (result.Plan is not { } plan)
        {
            Console.Error.WriteLine($"{path}: cannot make a host lab of this cluster file ({result.Errors.Length} problem{(result.Errors.Length == 1 ? "" : "s")}):");
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine($"  {error}");
            }

            return ClusterFileInput.InvalidInput;
        }

        LabState lab;
        try
        {
            lab = await LabLifetime.CreateAsync(plan, path, Console.Out);
        }
        catch (LabException e)
        {
            Console.Error.WriteLine(e.Message);
            return ClusterFileInput.InvalidInput;
        }

        try
        {
            Console.Out.WriteLine($"Lab '{plan.Names.Lab}': LAN {plan.Lan} on switch {plan.Names.Switch}; hosts {string.Join(", ", plan.Hosts.Select(h => $"{h.Name} {h.Address}"))}; client {plan.Client.Address}.");
            Console.Out.WriteLine($"Try: understudy status -f {path}   (run in the client namespace; the API is {config.Nodes[0].ApiUrl}, its certificate checked against the file's key)");
            return await UpCommand.RunAsync(config, path, root, lab, token);
        }
        finally
        {
            await LabLifetime.RemoveAsync(lab);
            Console.Out.WriteLine($"Lab '{plan.Names.Lab}' removed.");
        }
    }
}
