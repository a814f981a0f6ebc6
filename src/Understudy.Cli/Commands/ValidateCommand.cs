using System.CommandLine;
using Understudy.Node.Config;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy validate</c>: checks a cluster file and lists every problem.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--file", "-f") { Description = "Cluster file (YAML)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the verdict and every problem as JSON (docs/operations.md)" };
        var command = new Command("validate", "Check a cluster file and report every problem with its place") { file, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (parse.GetValue(json))
            {
                var result = ClusterFileLoader.Load(path);
                Console.Out.WriteLine(result.IsValid ? CliJson.Valid(path, result.Config!) : CliJson.Invalid(path, result.Errors));
                return result.IsValid ? 0 : ClusterFileInput.InvalidInput;
            }

            var config = ClusterFileInput.Load(path, Console.Error);
            if (config is null)
            {
                return ClusterFileInput.InvalidInput;
            }

            Console.Out.WriteLine($"{path}: cluster '{config.Name}' with {config.Nodes.Length} nodes is valid");
            return 0;
        });
        return command;
    }
}
