using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.VmRoles;

/// <summary>Both layers: a host cluster whose process VMs run the nodes of a guest cluster.</summary>
[Collection(ProcessCollection.Name)]
public sealed class GuestClusterProcessTests
{
    [Fact]
    public async Task HostAndGuest_GuestsOnDifferentHosts_KillNineHost_GuestNodeBackOnAnotherHost()
    {
        await using var cluster = TestCluster.Create(roles: (block, root) => GuestCluster.HostRoles(block, root, monitoring: true));
        cluster.StartAll();
        var guests = GuestCluster.Names(cluster.Block);
        await Eventually.GetAsync(() => GuestCluster.StatusAsync(guests[0]), s => s.Leader is not null && guests.All(g => TestCluster.StateOf(s, g) == "Up"), "the guest cluster formed");

        // Anti-affinity: with three hosts, each guest node runs on its own host.
        var hosts = await cluster.WaitForAsync("n1", s => guests.All(g => s.Roles.Any(r => r.Name == g && r.State == "Online")), "every guest VM Online");
        var owners = guests.ToDictionary(g => g, g => hosts.Roles.Single(r => r.Name == g).Owner!);
        Assert.Equal(3, owners.Values.Distinct().Count());

        var victim = guests[1];
        var before = await VmRole.WaitForVmAsync(cluster, owners[victim], v => v.Name == victim && VmRole.Heartbeating(v), "guest VM heartbeating", victim);
        cluster.Kill(owners[victim]);

        // The guest cluster notices its node gone; the host cluster restarts the VM on a surviving host.
        var watcher = guests[0] == victim ? guests[2] : guests[0];
        var survivor = cluster.Names.First(n => n != owners[victim]);
        var moved = await cluster.WaitForAsync(survivor, s => s.Roles.Any(r => r.Name == victim && r.State == "Online" && r.Owner != owners[victim]), "guest VM Online on another host");
        var newHost = moved.Roles.Single(r => r.Name == victim).Owner!;
        var after = await VmRole.WaitForVmAsync(cluster, newHost, VmRole.Heartbeating, "guest VM heartbeating on its new host", victim);
        Assert.NotEqual(before.Incarnation, after.Incarnation);
        await Eventually.GetAsync(() => GuestCluster.StatusAsync(watcher), s => s.Leader is not null && guests.All(g => TestCluster.StateOf(s, g) == "Up"), "every guest node Up again");
        Assert.Contains(await cluster.EventsAsync(survivor), e => e.Kind == "NodeDown");
    }
}
