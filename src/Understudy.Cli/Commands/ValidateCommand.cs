using System.CommandLine;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy validate</c>: checks a cluster file and lists every problem.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--file", "-f") { Description = "Cluster file (YAML)", Required = true };
        var command = new Command("validate", "Check a cluster file and report every problem with its place") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
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
