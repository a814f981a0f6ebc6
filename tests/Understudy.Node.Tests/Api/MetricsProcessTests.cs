using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Api;

/// <summary>Prometheus can scrape every node.</summary>
[Collection(ProcessCollection.Name)]
public sealed class MetricsProcessTests
{
    [Fact]
    public async Task Metrics_TwoNodes_ExposeHeartbeatRaftAndMembershipSeries()
    {
        await using var cluster = TestCluster.Create(nodes: 2);
        cluster.StartAll();
        await cluster.WaitForUpAsync("n1", "n1", "n2");
        using var http = new HttpClient();

        var text = await Eventually.GetAsync(
            async () => (string?)await http.GetStringAsync(cluster.ApiUrl("n1") + "/metrics"),
            t => Value(t, "understudy_node_up", "node=\"n2\"") == "1",
            "n2 Up in the metrics");

        Assert.NotNull(Value(text, "understudy_heartbeats_sent_total", ""));
        Assert.Equal("0", Value(text, "understudy_heartbeats_dropped_total", "reason=\"badMac\""));
        Assert.Equal("1", Value(text, "understudy_raft_quorum", ""));
        Assert.Equal("1", Value(text, "understudy_node_up", "node=\"n1\""));
        Assert.Contains("service_name=\"understudy\"", text, StringComparison.Ordinal);

        // n1's lease: held (a positive time still to run), acquired once, never lost.
        text = await Eventually.GetAsync(
            async () => (string?)await http.GetStringAsync(cluster.ApiUrl("n1") + "/metrics"),
            t => Value(t, "understudy_lease_acquired_total", "") == "1",
            "n1's lease acquired in the metrics");
        var remaining = double.Parse(Value(text, "understudy_lease_remaining_seconds", "")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(remaining is > 0 and <= 2, $"lease remaining {remaining} s");
        Assert.Equal("0", Value(text, "understudy_lease_lost_total", ""));
        Assert.NotNull(Value(text, "understudy_lease_witnessed_renewals_total", ""));

        // No VMs here: none running, no migrations, no heartbeat ages.
        Assert.Equal("0", Value(text, "understudy_vm_running", ""));
        Assert.Equal("0", Value(text, "understudy_vm_migrations_sent_total", ""));
        Assert.Equal("0", Value(text, "understudy_vm_migrations_received_total", ""));
        Assert.Null(Value(text, "understudy_vm_heartbeat_age_seconds", ""));
    }

    /// <summary>The value of the first sample of <paramref name="series"/> whose labels contain <paramref name="label"/>.</summary>
    private static string? Value(string text, string series, string label) =>
        text.Split('\n')
            .Where(l => l.StartsWith(series + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf(' ') + 1)..])
            .FirstOrDefault();
}
