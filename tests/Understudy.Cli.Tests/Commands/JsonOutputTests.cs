using System.Collections.Immutable;
using Understudy.Cli.Commands;
using Understudy.Core.Failover;
using Understudy.Node.Api;

namespace Understudy.Cli.Tests.Commands;

/// <summary>The CLI's <c>--json</c> outputs, each against a golden document in Golden/.</summary>
public sealed class JsonOutputTests
{
    [Fact]
    public async Task ValidateJson_ValidFile_PrintsTheGoldenVerdict()
    {
        var path = CliProcess.WriteTemp("""
            cluster:
              name: jsontest
              key: "json-test-cluster-key-1"
            nodes:
              - name: a
                address: 127.0.0.1
              - name: b
                address: 127.0.0.2
            """);

        var (code, output, error) = await CliProcess.RunAsync("validate", "-f", path, "--json");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(Golden("validate-valid.json", path), output);
    }

    [Fact]
    public async Task ValidateJson_TwoProblems_ListsBothWithTheirPlacesAndExitsTwo()
    {
        var path = CliProcess.WriteTemp("""
            cluster:
              name: jsontest
              key: "json-test-cluster-key-1"
            nodes:
              - name: a
                address: 127.0.0.300
              - name: a
                address: 127.0.0.2
            """);

        var (code, output, _) = await CliProcess.RunAsync("validate", "-f", path, "--json");

        Assert.Equal(2, code);
        Assert.Equal(Golden("validate-invalid.json", path), output);
    }

    [Fact]
    public void RoleListJson_AFailoverAndACloneRole_IsTheStatusDocumentsRolesArray()
    {
        ImmutableArray<RoleDocument> roles =
        [
            new()
            {
                Name = "kv",
                State = "Online",
                Owner = "alpha",
                FencingToken = 7,
                Restarts = 1,
                Resources = [new() { Name = "ip", Type = "address", State = "Online" }, new() { Name = "server", Type = "process", State = "Online" }],
            },
            new()
            {
                Name = "web",
                State = "Online",
                IsClone = true,
                Resources = [new() { Name = "echo", Type = "process", State = "Online" }],
                Instances = [new() { Node = "alpha", State = "Online", Restarts = 0, Token = 2 }, new() { Node = "bravo", State = "Pending", Restarts = 2, Token = 9 }],
            },
        ];

        Assert.Equal(Golden("role-list.json"), CliJson.Roles(roles) + "\n");
    }

    [Fact]
    public void EventsJson_TwoEvents_OneObjectPerLine()
    {
        var at = new DateTimeOffset(2026, 12, 2, 4, 5, 6, 789, TimeSpan.Zero);
        var lines = new[]
        {
            new ClusterEvent(41, at, "NodeDown", null, "bravo", "missed heartbeats"),
            new ClusterEvent(42, at.AddMilliseconds(12), "RoleMoving", "kv", "charlie", "failover to charlie (token 8): bravo is Down"),
        }.Select(CliJson.Event);

        Assert.Equal(Golden("events.jsonl"), string.Join("\n", lines) + "\n");
    }

    /// <summary>A golden document, with <c>{{file}}</c> standing for the cluster file's path.</summary>
    private static string Golden(string name, string? file = null) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name)).Replace("{{file}}", file, StringComparison.Ordinal);
}
