using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Failover;

/// <summary>A resource is watched from the moment it starts, not once its whole role is online
/// (issue 13: a server that died while its probe was starting was noticed 30 s later, blamed on
/// the probe).</summary>
[Collection(ProcessCollection.Name)]
public sealed class StartWatchProcessTests
{
    private static string Roles(string block, string root) => $"""
        roles:
          - name: flaky
            restart: {"{"} maxRestarts: 1, window: 15m {"}"}
            resources:
              - name: server
                type: process
                command: /bin/sh
                args: ["-c", "sleep 1; exit 3"]
              - name: port
                type: probe
                dependsOn: [server]
                tcp: {block}.1:9999
                startTimeout: 30s

        """;

    [Fact]
    public async Task ServerDiesWhileDependentProbeStarts_FailureBlamesServerAtOnce()
    {
        await using var cluster = TestCluster.Create(nodes: 1, roles: Roles);
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1");

        var events = await Eventually.GetAsync(
            async () => (await cluster.EventsAsync("n1")).ToList(),
            e => e.Any(x => x.Kind == "ResourceFailed" && x.Role == "flaky"),
            "a ResourceFailed event of role flaky");

        var moving = events.First(e => e.Kind == "RoleMoving" && e.Role == "flaky");
        var failed = events.First(e => e.Kind == "ResourceFailed" && e.Role == "flaky");
        Assert.StartsWith("server", failed.Reason, StringComparison.Ordinal);

        // The server exits 1 s after it starts; the probe's start timeout is 30 s.
        Assert.True(failed.At - moving.At < TimeSpan.FromSeconds(20), $"noticed {(failed.At - moving.At).TotalSeconds:0.0} s after the start: {failed.Reason}");
    }
}
