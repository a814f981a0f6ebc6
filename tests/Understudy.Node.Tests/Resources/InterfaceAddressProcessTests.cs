using System.Diagnostics;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Resources;

/// <summary>
/// An <c>address</c> resource on a real interface (one end of a veth pair), as root: a one-node cluster runs inside
/// a network namespace this test creates (<c>unshare --net</c>), so the <c>ip addr</c> changes
/// never touch the machine's own network.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class InterfaceAddressProcessTests : IDisposable
{
    private const string Vip = "10.99.0.100/24";
    private readonly string _root = Directory.CreateTempSubdirectory("understudy-netns-").FullName;

    [Fact]
    public async Task AddressOnRealInterface_AddedWhileOnline_RemovedWhenStopped()
    {
        Requires.Root("a network namespace of its own");
        Requires.Command("unshare", "util-linux");
        Requires.Command("nsenter", "util-linux");
        var understudy = Path.Combine(AppContext.BaseDirectory, "understudy");
        var file = Path.Combine(_root, "cluster.yaml");
        await File.WriteAllTextAsync(file, """
            cluster:
              name: netns
              key: "netns-cluster-key-0123456789"
            nodes:
              - name: n1
                address: 127.0.0.1
            roles:
              - name: vip
                resources:
                  - name: ip
                    type: address
                    address: 10.99.0.100
                    prefixLength: 24
                    interface: d0
            """);

        var start = new ProcessStartInfo("/usr/bin/unshare") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--net", "--", "/bin/sh", "-c", "ip link set lo up && ip link add d0 type veth peer name d1 && ip link set d0 up && exec \"$@\"", "sh",
            understudy, "node", "run", "-f", file, "--node", "n1", "--data-dir", Path.Combine(_root, "n1"), "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var node = Process.Start(start)!;
        node.OutputDataReceived += (_, _) => { };
        node.ErrorDataReceived += (_, _) => { };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        try
        {
            await Eventually.GetAsync(async () => (await InNamespaceAsync(node.Id, "ip", "-o", "addr", "show", "dev", "d0")).Output.Contains(Vip, StringComparison.Ordinal) ? "added" : null, _ => true, $"{Vip} on d0 inside the namespace");

            var stop = await InNamespaceAsync(node.Id, understudy, "role", "stop", "vip", "-f", file);
            Assert.True(stop.Code == 0, $"role stop failed: {stop.Output}");
            await Eventually.GetAsync(async () => (await InNamespaceAsync(node.Id, "ip", "-o", "addr", "show", "dev", "d0")).Output.Contains(Vip, StringComparison.Ordinal) ? null : "removed", _ => true, $"{Vip} removed from d0 after role stop");
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // Runs a command in the node's network namespace: its exit code and output.
    private static async Task<(int Code, string Output)> InNamespaceAsync(int pid, params string[] command)
    {
        var start = new ProcessStartInfo("/usr/bin/nsenter") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "--" }.Concat(command))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
