using System.Diagnostics;

namespace Understudy.Node.Tests.Lab;

/// <summary>
/// A network namespace of one test, named with a random suffix so parallel runs never meet, with
/// a veth pair inside (<c>v0</c>, <c>v1</c>, both up): an Ethernet interface that exists nowhere
/// else. Removed on dispose. Needs root.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static NetworkNamespace Create()
    {
        var ns = new NetworkNamespace($"ut-{Guid.NewGuid().ToString("N")[..10]}");
        Ip("netns", "add", ns.Name);
        try
        {
            Ip("-n", ns.Name, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            Ip("-n", ns.Name, "link", "set", "v0", "up");
            Ip("-n", ns.Name, "link", "set", "v1", "up");
        }
        catch
        {
            ns.Dispose();
            throw;
        }

        return ns;
    }

    /// <summary>The addresses on <paramref name="device"/>, as <c>ADDRESS/PREFIX</c>.</summary>
    public IReadOnlyList<string> Addresses(string device) =>
        Ip("-n", Name, "-br", "addr", "show", device).Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();

    /// <summary>Starts <paramref name="program"/> inside the namespace.</summary>
    public Process Start(params string[] program)
    {
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in (string[])["netns", "exec", Name, .. program])
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    public void Dispose() => Ip("netns", "del", Name);

    private static string Ip(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ip {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
