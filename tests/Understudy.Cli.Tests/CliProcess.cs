using System.Diagnostics;

namespace Understudy.Cli.Tests;

/// <summary>Runs the real <c>understudy</c> executable and captures what it prints.</summary>
internal static class CliProcess
{
    public static Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) => RunWithAsync(null, args);

    /// <summary>Runs it with <paramref name="environment"/> set (a null value removes the variable).</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunWithAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public static string WriteTemp(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("understudy-cli-").FullName, "cluster.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
