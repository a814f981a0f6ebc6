using System.Diagnostics;
using System.Text.Json;
using Understudy.Cli.Commands;
using Understudy.Node.Api;
using Understudy.Node.Tests.Harness;

namespace Understudy.Cli.Tests.Scripting;

/// <summary>
/// The CLI as a script uses it, against real node processes: <c>--json</c> on reads and changes,
/// <c>--wait</c> that returns only when the cluster got there, the exit codes of
/// docs/operations.md, completion of names from the cluster, <c>status --watch</c>.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ScriptingProcessTests(ScriptingCluster fixture) : IClassFixture<ScriptingCluster>
{
    private string File => fixture.File;

    [Fact]
    public async Task StatusJson_ServingCluster_ShowsMaintenanceAndEveryNodesVersion()
    {
        var (code, output, error) = await CliProcess.RunAsync("status", "-f", File, "--json");

        Assert.True(code == 0, error);
        var status = JsonSerializer.Deserialize<StatusDocument>(output, StatusJson.Options)!;
        Assert.False(status.Maintenance);
        Assert.Equal("0.1.0", status.Software);
        Assert.Equal(1, status.Protocol);
        Assert.All(status.Nodes, n => Assert.Equal(("0.1.0", (int?)1), (n.Software, n.Protocol)));
    }

    [Fact]
    public async Task Status_ClusterFileFromTheEnvironment_AsksThatCluster()
    {
        var (code, output, error) = await CliProcess.RunWithAsync(new Dictionary<string, string?> { [ClusterFileVariable.Name] = File }, "status", "--json");

        Assert.True(code == 0, error);
        Assert.Equal("test", JsonSerializer.Deserialize<StatusDocument>(output, StatusJson.Options)!.Cluster);
    }

    [Fact]
    public async Task RoleShowJson_Svc_IsItsEntryOfTheStatus()
    {
        var (code, output, error) = await CliProcess.RunAsync("role", "show", "svc", "-f", File, "--json");

        Assert.True(code == 0, error);
        var role = JsonSerializer.Deserialize<RoleDocument>(output, StatusJson.Options)!;
        Assert.Equal("svc", role.Name);
        Assert.Equal("server", Assert.Single(role.Resources).Name);
        Assert.True(role.FencingToken > 0);
    }

    [Fact]
    public async Task RoleShow_UnknownRole_ExitsNotFoundNamingTheRoles()
    {
        var (code, _, error) = await CliProcess.RunAsync("role", "show", "nope", "-f", File);

        Assert.Equal(CliExit.NotFound, code);
        Assert.Contains("svc", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeListJson_AndVmListJson_AreArrays()
    {
        var nodes = await CliProcess.RunAsync("node", "list", "-f", File, "--json");
        var vms = await CliProcess.RunAsync("vm", "list", "-f", File, "--json");

        Assert.True(nodes.ExitCode == 0, nodes.Error);
        Assert.Equal(fixture.Cluster.Names, JsonSerializer.Deserialize<NodeDocument[]>(nodes.Out, StatusJson.Options)!.Select(n => n.Name));
        Assert.True(vms.ExitCode == 0, vms.Error);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(vms.Out).RootElement.ValueKind);
    }

    [Fact]
    public async Task RoleMoveWait_ToAnotherNode_ExitsZeroOnlyOnceOnlineThere()
    {
        var before = await OwnerAsync();
        var to = fixture.Cluster.Names.First(n => n != before);

        var (code, output, error) = await CliProcess.RunAsync("role", "move", "svc", "--to", to, "-f", File, "--wait", "--json");

        Assert.True(code == 0, $"{code}: {output} {error}");
        using var answer = JsonDocument.Parse(output);
        Assert.True(answer.RootElement.GetProperty("ok").GetBoolean());
        Assert.True(answer.RootElement.GetProperty("version").GetInt64() > 0);
        Assert.True(answer.RootElement.GetProperty("wait").GetProperty("reached").GetBoolean());
        // Right after the command returned, with no waiting of our own: it is there.
        var status = (await fixture.Cluster.StatusAsync(to))!;
        Assert.Equal(("Online", to), status.Roles.Where(r => r.Name == "svc").Select(r => (r.State, r.Owner!)).Single());
    }

    [Fact]
    public async Task RoleMoveWait_TimeoutTooShortToStop_ExitsTimeoutSayingWhatIsMissing()
    {
        var before = await OwnerAsync();
        var to = fixture.Cluster.Names.First(n => n != before);

        var (code, _, error) = await CliProcess.RunAsync("role", "move", "svc", "--to", to, "-f", File, "--wait", "--timeout", "1ms");

        Assert.Equal(CliExit.Timeout, code);
        Assert.Contains("committed, but not role svc Online on " + to, error, StringComparison.Ordinal);
        await fixture.ServingAsync();
    }

    [Fact]
    public async Task RoleMove_ToUnknownNode_ExitsNotFound_AndWithTheWrongToken_ExitsRefused()
    {
        var unknown = await CliProcess.RunAsync("role", "move", "svc", "--to", "zulu", "-f", File);
        var wrongToken = await CliProcess.RunAsync("role", "stop", "svc", "-f", File, "--token", "not-the-token", "--json");

        Assert.Equal(CliExit.NotFound, unknown.ExitCode);
        Assert.Contains("zulu", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(CliExit.Refused, wrongToken.ExitCode);
        using var answer = JsonDocument.Parse(wrongToken.Out);
        Assert.Equal(CliExit.Refused, answer.RootElement.GetProperty("exitCode").GetInt32());
        Assert.False(answer.RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task NodePauseWait_TheOwner_ReturnsWithItsRoleMovedOff_ThenResumeWaitUp()
    {
        var owner = await OwnerAsync();

        var pause = await CliProcess.RunAsync("node", "pause", owner, "-f", File, "--wait");
        var afterPause = (await fixture.Cluster.StatusAsync(owner))!;
        var resume = await CliProcess.RunAsync("node", "resume", owner, "-f", File, "--wait");
        var afterResume = (await fixture.Cluster.StatusAsync(owner))!;

        Assert.True(pause.ExitCode == 0, pause.Error);
        Assert.Equal("Paused", TestCluster.StateOf(afterPause, owner));
        Assert.DoesNotContain(afterPause.Roles, r => r.Name == "svc" && r.Owner == owner);
        Assert.True(resume.ExitCode == 0, resume.Error);
        Assert.Equal("Up", TestCluster.StateOf(afterResume, owner));
    }

    [Fact]
    public async Task NlbDrainstopWait_ReturnsWhenStopped_ThenStartWaitStarted()
    {
        var member = fixture.Cluster.Names[2];

        var drain = await CliProcess.RunAsync("nlb", "drainstop", member, "-f", File, "--wait", "--timeout", "60s");
        var drained = (await fixture.Cluster.StatusAsync(member))!;
        var start = await CliProcess.RunAsync("nlb", "start", member, "-f", File, "--wait");
        var started = (await fixture.Cluster.StatusAsync(member))!;

        Assert.True(drain.ExitCode == 0, drain.Error);
        Assert.Equal("Stopped", drained.Nlb!.Members.Single(m => m.Name == member).State);
        Assert.True(start.ExitCode == 0, start.Error);
        Assert.Equal("Started", started.Nlb!.Members.Single(m => m.Name == member).State);
    }

    [Fact]
    public async Task MaintenanceOnWait_StatusShowsTheBanner_ThenOff()
    {
        var on = await CliProcess.RunAsync("maintenance", "on", "-f", File, "--wait");
        var shown = await CliProcess.RunAsync("status", "-f", File);
        var off = await CliProcess.RunAsync("maintenance", "off", "-f", File, "--wait", "--json");

        Assert.True(on.ExitCode == 0, on.Error);
        Assert.Contains("MAINTENANCE MODE", shown.Out, StringComparison.Ordinal);
        Assert.True(off.ExitCode == 0, off.Error);
        Assert.Contains("\"change\": \"maintenance off\"", off.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_RoleShow_CompletesTheClustersRoleNames()
    {
        var line = $"understudy role show -f {File} s";

        // A completion gives up on a cluster that does not answer within its budget (2 s), which
        // a busy CI machine can exceed now and then: a few tries, and one must name the role.
        string[] names = [];
        for (var attempt = 0; attempt < 3 && names.Length == 0; attempt++)
        {
            var (code, output, error) = await CliProcess.RunAsync($"[suggest:{line.Length}]", line);
            Assert.True(code == 0, error);
            // Beside the names, System.CommandLine offers the options that contain the word (--json).
            names = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith('-'))];
        }

        Assert.Equal(["svc"], names);
    }

    [Fact]
    public async Task StatusWatchJson_PrintsADocumentPerInterval_UntilStopped()
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "understudy"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "status", "-f", File, "--watch", "--json", "--interval", "200ms" })
        {
            start.ArgumentList.Add(arg);
        }

        using var watch = Process.Start(start)!;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                // The first line waits for the process to start, which takes long on a busy machine.
                using var read = new CancellationTokenSource(TimeSpan.FromSeconds(i == 0 ? 120 : 30));
                var line = await watch.StandardOutput.ReadLineAsync(read.Token);
                Assert.Equal("test", JsonSerializer.Deserialize<StatusDocument>(line!, StatusJson.Options)!.Cluster);
            }
        }
        finally
        {
            Signals.Terminate(watch.Id);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await watch.WaitForExitAsync(exit.Token);
        }

        Assert.Equal(0, watch.ExitCode);
    }

    [Fact]
    public async Task Metrics_Roles_StateTokenAndCounterOfTheDatabase()
    {
        var owner = await OwnerAsync();
        using var http = new HttpClient();

        var text = await http.GetStringAsync(fixture.Cluster.ApiUrl(owner) + "/metrics");
        var status = (await fixture.Cluster.StatusAsync(owner))!;

        var svc = status.Roles.Single(r => r.Name == "svc");
        Assert.Equal("1", Value(text, "understudy_role_state", "role=\"svc\"", $"state=\"{svc.State}\""));
        Assert.Equal("0", Value(text, "understudy_role_state", "role=\"svc\"", "state=\"Failed\""));
        Assert.NotNull(Value(text, "understudy_role_fencing_token", "role=\"svc\""));
        Assert.NotNull(Value(text, "understudy_role_restarts", "role=\"svc\""));
        Assert.NotNull(Value(text, "understudy_fencing_counter"));
    }

    /// <summary>The value of the first Prometheus sample of <paramref name="series"/> whose labels contain every one given.</summary>
    private static string? Value(string text, string series, params string[] labels) => text.Split('\n')
        .Where(l => l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal))
        .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)))
        .Select(l => l.Split(' ')[^1]).FirstOrDefault();

    private async Task<string> OwnerAsync()
    {
        var status = await Eventually.GetAsync(() => fixture.Cluster.StatusAsync(fixture.Cluster.Names[0]), s => s.Roles.Any(r => r is { Name: "svc", State: "Online" }), "svc Online");
        return status.Roles.Single(r => r.Name == "svc").Owner!;
    }
}
