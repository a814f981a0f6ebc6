using Understudy.Core.Config;
using Understudy.Node.Config;

namespace Understudy.Cli.Commands;

/// <summary>Loads a cluster file for a command, printing every problem with its place.</summary>
internal static class ClusterFileInput
{
    /// <summary>Exit code for a cluster file or command line that was refused.</summary>
    public const int InvalidInput = CliExit.BadInput;

    /// <summary>The validated file, or null after printing its errors to stderr.</summary>
    public static ClusterConfig? Load(string path, TextWriter error)
    {
        var result = ClusterFileLoader.Load(path);
        if (result.IsValid)
        {
            return result.Config;
        }

        error.WriteLine($"{path}: the cluster file is not valid ({result.Errors.Length} problem{(result.Errors.Length == 1 ? "" : "s")}):");
        foreach (var problem in result.Errors)
        {
            error.WriteLine($"  {problem}");
        }

        return null;
    }
}
