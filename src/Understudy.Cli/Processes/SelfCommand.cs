namespace Understudy.Cli.Processes;

/// <summary>How to start this same program again as a child: the apphost, or <c>dotnet understudy.dll</c>.</summary>
internal static class SelfCommand
{
    /// <summary>Executable and the arguments that must precede the child's own.</summary>
    public static (string FileName, IReadOnlyList<string> Prefix) Current()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("cannot locate the running executable");
        var isDotnetHost = Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        if (!isDotnetHost)
        {
            return (processPath, []);
        }

        var assembly = typeof(SelfCommand).Assembly.Location;
        return (processPath, [assembly]);
    }
}
