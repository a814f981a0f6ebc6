using System.Diagnostics;

namespace Understudy.Packaging.Tests;

/// <summary>Runs a program to its end (or kills it at a deadline) and keeps what it printed.</summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    /// <summary>Runs it with <paramref name="input"/> (if any) on its standard input, until
    /// <paramref name="deadline"/> or the test run's end.</summary>
    public static Task<Result> RunAsync(string program, IEnumerable<string> args, TimeSpan deadline, IDictionary<string, string>? environment = null, string? input = null) =>
        RunAsync(program, args, deadline, environment, input, TestContext.Current.CancellationToken);

    /// <summary>Runs it for at most a minute, even once the test run is cancelled: for the
    /// cleanup that must happen then too.</summary>
    public static Task<Result> CleanupAsync(string program, params string[] args) =>
        RunAsync(program, args, TimeSpan.FromMinutes(1), null, null, CancellationToken.None);

    private static async Task<Result> RunAsync(string program, IEnumerable<string> args, TimeSpan deadline, IDictionary<string, string>? environment, string? input, CancellationToken run)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // The deadline, or the test run's end (a cancelled run must not leave a build behind).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(run);
        timeout.CancelAfter(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not end within {deadline}:\n{await output}\n{await error}");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Runs it and fails the test, with everything it printed, unless it exits 0.</summary>
    public static async Task<Result> CheckAsync(string program, IEnumerable<string> args, TimeSpan deadline, IDictionary<string, string>? environment = null)
    {
        var result = await RunAsync(program, args, deadline, environment);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', args)}: {result}");
        return result;
    }
}
