using Understudy.Node.Tests.Harness;
using Understudy.Node.Tests.Vms;
using Understudy.Node.Vms.Libvirt;

namespace Understudy.Node.Tests.VmRoles;

/// <summary>
/// Host clustering of libvirt domains (docs/vms.md, "libvirt"): a role "web" runs a domain whose
/// XML the cluster database keeps and whose disk is on a folder standing for NFS. The nodes share
/// this machine's libvirtd, so each defines its own copy (<c>NODE-DOMAIN</c>). Real domains under
/// TCG booting the busybox guest.
/// </summary>
[Collection(QemuCollection.Name)]
public sealed class VmRoleLibvirtTests(QemuGuest guest)
{
    [Fact]
    public async Task FreezeOwner_DomainMovesWithItsDisk_NeverWrittenOnTwoHosts()
    {
        Ready();
        string? disk = null;
        var cluster = TestCluster.Create(roles: (block, root) => Yaml(block, root, guest.ImageDirectory, out disk));
        var domain = Domain(cluster.Block);
        try
        {
            cluster.StartAll();
            var first = VmRole.Find(await cluster.WaitForAsync("n1", s => VmRole.IsOnline(s), "web Online"))!;
            var owner = first.Owner!;
            var before = await VmRole.WaitForVmAsync(cluster, owner, VmRole.Heartbeating, "domain heartbeating");
            Assert.Equal("libvirt", before.Driver);
            using var watch = new DiskWriterWatch(disk!);
            Assert.Equal(1, watch.WritersNow());

            Signals.Stop(cluster.ProcessId(owner));
            var survivor = cluster.Names.First(n => n != owner);
            try
            {
                var moved = VmRole.Find(await cluster.WaitForAsync(survivor, s => VmRole.IsOnline(s, r => r.Owner != owner), "web Online on another node"))!;
                Assert.True(moved.FencingToken > first.FencingToken);
                await VmRole.WaitForVmAsync(cluster, moved.Owner!, VmRole.Heartbeating, "domain heartbeating on the new host");

                // The frozen host's fence destroyed its copy when its lease ran out.
                Assert.False(Runs(owner + "-" + domain));
                Assert.True(Runs(moved.Owner + "-" + domain));
            }
            finally
            {
                Signals.Continue(cluster.ProcessId(owner));
            }

            Assert.Equal(1, watch.MostAtOnce);
            Assert.True(watch.Samples > 10);
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(e.Message + "\n" + string.Join("\n", cluster.Names.Select(n => $"--- {n}: " + Tail(Path.Combine(cluster.Root, n + ".log")))), e);
        }
        finally
        {
            await cluster.DisposeAsync();
            Undefine(cluster.Names.Select(n => n + "-" + domain));
        }
    }

    [Fact]
    public async Task XmlLibvirtRefuses_RoleFailed_EventSaysWhy()
    {
        Ready();
        var cluster = TestCluster.Create(nodes: 1, roles: (block, root) => Yaml(block, root, guest.ImageDirectory, out _, badBus: true));
        try
        {
            cluster.StartAll();
            await cluster.WaitForAsync("n1", s => VmRole.Find(s) is { State: "Failed" }, "web Failed");
            var events = await cluster.EventsAsync("n1");
            Assert.Contains(events, e => e.Role == "web" && e.Reason.Contains("libvirt refused the XML", StringComparison.Ordinal) && e.Reason.Contains("nonsense", StringComparison.Ordinal));
        }
        finally
        {
            await cluster.DisposeAsync();
            Undefine(["n1-" + Domain(cluster.Block)]);
        }
    }

    private static string Domain(string block) => "us-" + VmRole.NameFor(block);

    private static string Yaml(string block, string root, string image, out string disk, bool badBus = false)
    {
        var nfs = Directory.CreateDirectory(Path.Combine(root, "nfs")).FullName;
        disk = Path.Combine(nfs, "web.raw");
        using (var file = File.Create(disk))
        {
            file.SetLength(16 * 1024 * 1024);
        }

        var xml = BusyboxDomain.Xml(Domain(block), image, disk: disk);
        File.WriteAllText(Path.Combine(root, "web.xml"), badBus ? xml.Replace("bus='virtio'", "bus='nonsense'", StringComparison.Ordinal) : xml);
        return $"""
            roles:
              - name: web
                restart: {"{"} maxRestarts: 1, window: 15m {"}"}
                resources:
                  - name: {VmRole.NameFor(block)}
                    type: vm
                    driver: libvirt
                    domain: {Domain(block)}
                    domainXml: web.xml
                    sharedStorage: {nfs}
                    monitoring: on

            """;
    }

    private static string Tail(string file) => File.Exists(file) ? string.Join("\n", File.ReadLines(file).TakeLast(25)) : "(no log)";

    private static bool Runs(string domain) => File.Exists($"/run/libvirt/qemu/{domain}.pid");

    private static void Undefine(IEnumerable<string> domains)
    {
        var (connection, _) = LibvirtConnection.Open(LibvirtDaemon.Uri);
        using (connection)
        {
            foreach (var name in domains)
            {
                using var domain = connection?.Lookup(name);
                if (domain is null)
                {
                    continue;
                }

                if (domain.IsActive)
                {
                    domain.Destroy();
                }

                domain.Undefine();
            }
        }
    }

    private void Ready()
    {
        if ((guest.Skip ?? LibvirtDaemon.Skip) is { } skip)
        {
            Assert.Skip(skip);
        }

        Requires.Command("virsh", "libvirt-clients");
        Environment.SetEnvironmentVariable("UNDERSTUDY_GUEST_DIR", guest.ImageDirectory);
        Environment.SetEnvironmentVariable("UNDERSTUDY_LIBVIRT_DOMAIN_PREFIX", "{node}-");
    }
}
