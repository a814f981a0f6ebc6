using System.CommandLine;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy token [-f FILE]</c>: prints the cluster's operator (API) token, derived from the
/// file's key (docs/api.md), for the dashboard's actions or <c>UNDERSTUDY_TOKEN</c>. It goes to
/// stdout only, because someone asked for it; nothing else prints or logs it.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var file = new Option<string?>("--file", "-f") { Description = "Cluster file (default: the built-in demo)" };
        var command = new Command("token", "Print the operator token that changes need (the dashboard asks for it)") { file };
        command.SetAction(parse =>
        {
            var config = parse.GetValue(file) is { } path ? ClusterFileInput.Load(path, Console.Error) : DemoCluster.Config();
            if (config is null)
            {
                return ClusterFileInput.InvalidInput;
            }

            // Not --token or UNDERSTUDY_TOKEN: this command says what the file's key gives.
            if (ClusterApiToken.Resolve(null, config, Console.Error, fromEnvironment: false) is not { } token)
            {
                return ClusterFileInput.InvalidInput;
            }

            Console.Out.WriteLine(token);
            return 0;
        });
        return command;
    }
}
