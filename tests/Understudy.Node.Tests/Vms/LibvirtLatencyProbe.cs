using System.Diagnostics;
using Understudy.Node.Vms.Libvirt;

namespace Understudy.Node.Tests.Vms;

/// <summary>Measures libvirt calls through the C library against the same through `virsh` (docs/vms.md
/// has the figures). Not part of the suite: runs only with UNDERSTUDY_LIBVIRT_LATENCY=1, writes
/// /tmp/libvirt-latency.txt.</summary>
public sealed class LibvirtLatencyProbe
{
    [Fact]
    public void Measure()
    {
        var skip = LibvirtDaemon.Skip;
        if (skip is not null || Environment.GetEnvironmentVariable("UNDERSTUDY_LIBVIRT_LATENCY") is null)
        {
            Assert.Skip(skip ?? "set UNDERSTUDY_LIBVIRT_LATENCY=1");
        }

        var xml = "<domain type='qemu'><name>us-latency</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>";
        File.WriteAllText("/tmp/us-latency.xml", xml);
        var lines = new List<string>();
        var (c, _) = LibvirtConnection.Open(LibvirtDaemon.Uri);
        using var connection = c!;
        lines.Add(Time("C: virConnectOpen", 20, () => LibvirtConnection.Open(LibvirtDaemon.Uri).Connection!.Dispose()));
        lines.Add(Time("C: define+lookup+state+undefine", 20, () => { using var d = connection.Define("us-latency", xml); _ = d.State; d.Undefine(); }));
        using (var d = connection.Define("us-latency", xml))
        {
            lines.Add(Time("C: virDomainGetState", 200, () => _ = d.State));
            lines.Add(Time("virsh domstate", 20, () => Virsh("domstate us-latency")));
            d.Undefine();
        }

        lines.Add(Time("virsh define+undefine", 10, () => { Virsh("define /tmp/us-latency.xml"); Virsh("undefine us-latency"); }));
        File.WriteAllLines("/tmp/libvirt-latency.txt", lines);
    }

    private static string Time(string what, int n, Action action)
    {
        var all = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var s = Stopwatch.StartNew();
            action();
            all.Add(s.Elapsed.TotalMilliseconds);
        }

        all.Sort();
        return $"{what}: n={n} median {all[n / 2]:F2} ms, max {all[^1]:F2} ms";
    }

    private static void Virsh(string args)
    {
        using var p = Process.Start(new ProcessStartInfo("virsh", "-q -c qemu:///system " + args) { RedirectStandardOutput = true })!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
    }
}
