using System.ComponentModel;
using System.Diagnostics;

namespace Understudy.Node.Native;

/// <summary>Runs one of the host's network programs (<c>nft</c>, <c>ip</c>) to its end, with a
/// 10 s limit: null on success, else what it said.</summary>
internal static class HostCommand
{
    public static async Task<string?> RunAsync(string program, IEnumerable<string> arguments, string? input, CancellationToken token)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = input is not null, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }

            var output = process.StandardOutput.ReadToEndAsync(token);
            var error = await process.StandardError.ReadToEndAsync(token);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
            await output;
            return process.ExitCode == 0 ? null : $"{program} {string.Join(' ', arguments)}: {error.Trim()}";
        }
        catch (Win32Exception e)
        {
            return $"cannot run {program}: {e.Message}";
        }
    }
}
