namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// The "bad input" of issue 11 that needs a real process: <c>up --hosts</c> run by a user who is
/// not root, and a cluster file whose LAN a machine's own namespace already reaches, read from
/// that namespace's real interfaces and routes. Each is one clear error naming what to change,
/// and no lab namespace is left behind. (A lab already up and a host that does not exist are
/// refused in <see cref="HostLabTests"/>, against a lab that is up.)
/// </summary>
[Collection(LabCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LabBadInputTests
{
    private const string NotRoot = "understudy up --hosts needs root (it changes network namespaces); run it as root, e.g. with sudo";

    [Fact]
    public async Task UpHosts_NotRoot_OneLineErrorAndNothingMade()
    {
        LabCluster.RequirePrerequisites();
        if (!File.Exists("/usr/bin/setpriv"))
        {
            Assert.Skip("needs setpriv (util-linux) to run the CLI as another user");
        }

        var (name, file) = WriteCluster($"10.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(0, 250)}");
        var before = await LabCluster.ExistingNamespacesAsync();

        var up = await AsNobodyAsync("up", "--hosts", "-f", file, "--data-dir", Path.Combine(Path.GetDirectoryName(file)!, "data"));
        var cut = await AsNobodyAsync("lab", "cut", "--lab", name, "alpha");

        Assert.Equal(2, up.ExitCode);
        Assert.Equal(NotRoot, up.Error.TrimEnd('\n'));
        Assert.Equal("", up.Out);
        Assert.Equal(2, cut.ExitCode);
        Assert.Equal("understudy lab needs root (it changes network namespaces); run it as root, e.g. with sudo", cut.Error.TrimEnd('\n'));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(file)!, "data")), "a refused up made the data directory");
        Assert.Equal(before, await LabCluster.ExistingNamespacesAsync());
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public async Task UpHosts_LanThatTheMachineReaches_NamesTheAddressAndRoute_NothingMade()
    {
        LabCluster.RequirePrerequisites();
        if (!File.Exists("/usr/bin/unshare"))
        {
            Assert.Skip("needs unshare (util-linux) to give the CLI a network namespace of its own");
        }

        // The "machine" is a fresh network namespace of this test (unshare --net: it goes when
        // the process does), holding a veth pair (this kernel has no dummy links) with an address on the lab's LAN and a
        // route that covers it: never the real machine's own namespace.
        var second = Random.Shared.Next(100, 250);
        var lan = $"10.{second}.{Random.Shared.Next(0, 250)}";
        var (name, file) = WriteCluster(lan);
        var before = await LabCluster.ExistingNamespacesAsync();
        var understudy = Path.Combine(AppContext.BaseDirectory, "understudy");
        var script = $"ip link add d0 type veth peer name d1 && ip link set d1 up && ip addr add {lan}.9/24 dev d0 && ip link set d0 up && ip route add 10.{second}.0.0/16 dev d0 && exec \"$0\" up --hosts -f \"$1\" --data-dir \"$2\" 2>&1";

        var (code, output) = await LabCluster.RunAsync("unshare", "--net", "--", "sh", "-c", script, understudy, file, Path.Combine(Path.GetDirectoryName(file)!, "data"));

        Assert.Equal(2, code);
        Assert.Contains($"{file}: cannot make a host lab of this cluster file (", output, StringComparison.Ordinal);
        Assert.Contains($"the lab's LAN {lan}.0/24 overlaps {lan}.0/24 (address {lan}.9/24 on d0) of this machine; give the nodes addresses in another private /24 that this machine does not use", output, StringComparison.Ordinal);
        Assert.Contains($"the lab's LAN {lan}.0/24 overlaps 10.{second}.0.0/16 (route 10.{second}.0.0/16 dev d0) of this machine", output, StringComparison.Ordinal);
        Assert.Equal(before, await LabCluster.ExistingNamespacesAsync());
        Assert.False(File.Exists($"/run/understudy/labs/{name}.json"));
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    // A three-node lab file in a folder that any user can read (the non-root test's CLI must
    // read it before it can refuse), with a lab name of its own.
    private static (string Name, string File) WriteCluster(string lan)
    {
        var name = $"lab-{Guid.NewGuid().ToString("N")[..8]}";
        var directory = Directory.CreateTempSubdirectory("understudy-lab-").FullName;
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var file = Path.Combine(directory, "cluster.yaml");
        File.WriteAllText(file, $"cluster:\n  name: {name}\n  key: \"lab-test-cluster-key-0123456789\"\nnodes:\n  - name: alpha\n    address: {lan}.1\n  - name: bravo\n    address: {lan}.2\n  - name: charlie\n    address: {lan}.3\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return (name, file);
    }

    // The CLI as user nobody (65534), no groups: what a user who forgot sudo runs.
    private static async Task<(int ExitCode, string Out, string Error)> AsNobodyAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/setpriv")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "--", Path.Combine(AppContext.BaseDirectory, "understudy"), .. args])
        {
            start.ArgumentList.Add(argument);
        }

        // A user without a home of its own: the runtime must not need one to print the refusal.
        start.Environment["HOME"] = "/nonexistent";
        start.Environment["DOTNET_CLI_HOME"] = "/tmp";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
