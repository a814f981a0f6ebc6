using Understudy.Core.Failover;

namespace Understudy.Core.Tests.Config;

public sealed class RolesSectionTests
{
    private const string Kv = """
        roles:
          - name: kv
            preferredOwners: [bravo]
            possibleOwners: [alpha, bravo]
            antiAffinity: [db]
            priority: high
            failback: "22:00-06:00"
            restart: { maxRestarts: 2, window: 10m }
            failover: { maxFailovers: 5, window: 1h }
            resources:
              - name: ip
                type: address
                address: 127.0.0.100
              - name: server
                type: process
                dependsOn: [ip]
                command: understudy
                args: [example, kv]
                env: { MODE: test }
                workingDirectory: data
                stopSignal: SIGINT
                stopTimeout: 2s
                user: kv-service
              - name: health
                type: probe
                dependsOn: [server]
                http: http://127.0.0.100:8080/healthz
                looksAlive: 500ms
                isAlive: 5s
        """;

    [Fact]
    public void Parse_FullRole_ReadsEverySetting()
    {
        var result = ClusterYaml.Parse(ClusterYaml.Valid + Kv);

        Assert.Empty(result.Errors);
        var role = Assert.Single(result.Config!.Roles);
        Assert.Equal("kv", role.Name);
        Assert.Equal("bravo", string.Join(",", role.PreferredOwners));
        Assert.Equal("alpha,bravo", string.Join(",", role.PossibleOwners));
        Assert.Equal(StartPriority.High, role.Priority);
        Assert.Equal(FailbackPolicy.Window(TimeSpan.FromHours(22), TimeSpan.FromHours(6)), role.Failback);
        Assert.Equal(new RestartPolicy(2, TimeSpan.FromMinutes(10)), role.Restart);
        Assert.Equal(new FailoverPolicy(5, TimeSpan.FromHours(1)), role.Failover);
        var server = role.Resources[1].Process!;
        Assert.Equal(("understudy", 2, "/etc/understudy/data", 2), (server.Command, server.Arguments.Length, server.WorkingDirectory, server.StopSignal));
        Assert.Equal("kv-service", server.User);
        Assert.Equal("test", server.Environment["MODE"]);
        Assert.Equal(TimeSpan.FromMilliseconds(500), role.Resources[2].Probe!.LooksAlive);
        Assert.Equal("ip,server,health", string.Join(",", role.StartOrder().Select(r => r.Name)));
    }

    [Theory]
    [InlineData("preferredOwners: [bravo]", "preferredOwners: [zulu]", "roles[0].preferredOwners", "'zulu' is not a node of this cluster")]
    [InlineData("priority: high", "priority: urgent", "roles[0].priority", "'urgent' is not a priority")]
    [InlineData("failback: \"22:00-06:00\"", "failback: sometimes", "roles[0].failback", "'sometimes' is not a failback policy")]
    [InlineData("dependsOn: [ip]", "dependsOn: [disk]", "roles[0].resources[1].dependsOn", "'disk' is not another resource")]
    [InlineData("type: address", "type: disk", "roles[0].resources[0].type", "'disk' is not a resource type")]
    [InlineData("stopSignal: SIGINT", "stopSignal: SIGFOO", "roles[0].resources[1].stopSignal", "'SIGFOO' is not a stop signal")]
    [InlineData("looksAlive: 500ms", "looksAlive: 500", "roles[0].resources[2].looksAlive", "")]
    [InlineData("user: kv-service", "user: Kv Service", "roles[0].resources[1].user", "expected a user name (lowercase letters, digits, '_' and '-', starting with a letter or '_', at most 32 characters) or a numeric uid; found 'Kv Service'")]
    [InlineData("user: kv-service", "user: [a, b]", "roles[0].resources[1].user", "")]
    [InlineData("maxRestarts: 2", "maxRestarts: -1", "roles[0].restart.maxRestarts", "out of range")]
    [InlineData("priority: high", "clone: sometimes", "roles[0].clone", "")]
    [InlineData("address: 127.0.0.100", "address: 127.0.0.999", "roles[0].resources[0].address", "not an IP address")]
    public void Parse_BadSetting_ReportedWithItsPath(string good, string bad, string path, string message)
    {
        var result = ClusterYaml.Parse(ClusterYaml.Valid + Kv.Replace(good, bad, StringComparison.Ordinal));

        ClusterYaml.AssertError(result, path, message);
    }

    [Fact]
    public void Parse_Clone_ReadAndOffByDefault()
    {
        var clone = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.Valid + Kv.Replace("priority: high", "clone: true", StringComparison.Ordinal)));
        var single = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.Valid + Kv));

        Assert.True(clone.Roles[0].IsClone);
        Assert.False(single.Roles[0].IsClone);
    }

    [Fact]
    public void Parse_DependencyCycle_Reported()
    {
        var yaml = Kv.Replace("address: 127.0.0.100", "address: 127.0.0.100\n        dependsOn: [health]", StringComparison.Ordinal);

        ClusterYaml.AssertError(ClusterYaml.Parse(ClusterYaml.Valid + yaml), "roles[0].resources", "cycle");
    }

    [Fact]
    public void Parse_DuplicateRole_Reported()
    {
        var yaml = Kv + "\n" + Kv["roles:\n".Length..];

        ClusterYaml.AssertError(ClusterYaml.Parse(ClusterYaml.Valid + yaml), "roles[1].name", "declared twice");
    }
}
