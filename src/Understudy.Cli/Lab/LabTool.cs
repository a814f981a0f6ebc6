using System.Diagnostics;

namespace Understudy.Cli.Lab;

/// <summary>Runs <c>ip</c> and <c>nft</c> (iproute2, nftables), the lab's only way to change
/// namespaces, links and rules. A failure is an exception with the tool's own message.</summary>
internal static class LabTool
{
    /// <summary>Debian package of each tool the lab runs, for the error when one is missing.</summary>
    private static readonly Dictionary<string, string> Packages = new() { ["ip"] = "iproute2", ["nft"] = "nftables" };

    /// <summary>Runs <c>ip ARGS</c>.</summary>
    public static Task<string> IpAsync(params string[] arguments) => RunAsync("ip", arguments, null);

    /// <summary>Runs <paramref name="script"/> with <c>nft -f -</c> inside <paramref name="ns"/>.</summary>
    public static Task<string> NftAsync(string ns, string script) => RunAsync("ip", ["netns", "exec", ns, "nft", "-f", "-"], script);

    /// <summary>Null when every tool the lab needs is on PATH, else what to install.</summary>
    public static string? Missing()
    {
        var missing = Packages.Where(p => !OnPath(p.Key)).Select(p => $"{p.Key} (apt-get install {p.Value})").ToList();
        return missing.Count == 0 ? null : $"the host lab needs {string.Join(" and ", missing)}";
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
            .Concat(["/usr/sbin", "/sbin"]).Any(d => File.Exists(Path.Combine(d, tool)));

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, string? input)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new LabException($"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LabException($"{program} is not installed ({e.Message}); {Missing()}");
        }

        using (process)
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new LabException($"{program} {string.Join(' ', arguments)}: {(await error).Trim()}");
            }

            return await output;
        }
    }
}
