using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// What NLB across hosts promises in every mode (<see cref="NlbHostsTests"/> distributed,
/// <see cref="NlbDirectorTests"/> director): a long-lived stream to a surviving member keeps
/// flowing while another host dies and while it rejoins; drainstop takes a host's new
/// connections away and lets its open one finish.
/// </summary>
public abstract class NlbLabContract(NlbHostsLab fixture)
{
    protected const int Web = 8080;
    protected const int Raw = 8081;

    protected NlbHostsLab Fixture => fixture;

    /// <summary>Hosts a test may kill without cutting every client (director mode: not the director).</summary>
    protected virtual Task<IReadOnlyList<string>> KillableAsync() => Task.FromResult<IReadOnlyList<string>>(LabCluster.Nodes);

    [Fact]
    public async Task StreamToSurvivor_FlowsByteForByte_WhileAnotherHostIsKilledAndCut_AndWhileItRejoins()
    {
        LabCluster.RequirePrerequisites();
        await fixture.AllServingAsync();
        var lab = fixture.Lab;
        var killable = await KillableAsync();
        var (client, survivor) = await ClientOfAsync(m => killable.Any(k => k != m));
        var victim = (await KillableAsync()).First(n => n != survivor);
        var (victimClient, _) = await ClientOfAsync(m => m == victim);
        using var stream = await KeepAliveAsync(client);
        var first = await RequestAsync(stream);
        Assert.Contains(survivor, first, StringComparison.Ordinal);

        using var flowing = new CancellationTokenSource();
        var requests = 0;
        var flow = Task.Run(async () =>
        {
            while (!flowing.IsCancellationRequested)
            {
                Assert.Equal(first, await RequestAsync(stream));
                Interlocked.Increment(ref requests);
                await Task.Delay(20);
            }
        });

        // The host dies: every process in its namespace, then its cable.
        var (_, pids) = await LabCluster.RunAsync("ip", "netns", "pids", lab.Namespace(victim));
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Process.GetProcessById(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture)).Kill();
        }

        Assert.Equal(0, (await LabCluster.CliAsync("lab", "cut", "--lab", lab.Name, victim)).ExitCode);
        var moved = await LabCluster.EventuallyAsync(async () => await fixture.AskAsync(victimClient, Web), m => m != victim, "the dead host's client to reach a survivor");
        Assert.NotEqual(victim, moved);
        var duringDeath = Volatile.Read(ref requests);

        // It rejoins: cable back, node started again in its namespace with its own data.
        Assert.Equal(0, (await LabCluster.CliAsync("lab", "mend", "--lab", lab.Name, victim)).ExitCode);
        var restarted = Restart(victim);
        await fixture.AllServingAsync();
        await LabCluster.EventuallyAsync(async () => await fixture.AskAsync(victimClient, Web), m => m == victim, "the repaired host to regain its client");

        await flowing.CancelAsync();
        await flow;
        Assert.True(requests > duringDeath && duringDeath > 0, $"{duringDeath} requests while the host was dead, {requests} in all");
        Assert.Equal(first, await RequestAsync(stream));
        GC.KeepAlive(restarted);
    }

    [Fact]
    public async Task Drainstop_HostTakesNoNewConnections_KeepsItsOpenOneToTheEnd()
    {
        LabCluster.RequirePrerequisites();
        await fixture.AllServingAsync();
        var lab = fixture.Lab;
        // A TCP rule: its connection counts as open for as long as it lasts (an HTTP rule's
        // kept-alive connection counts only while a request is in flight).
        using var held = await KeepAliveAsync(fixture.Clients[0], Raw);
        var first = await RequestAsync(held);
        var member = LabCluster.Nodes.Single(n => first.TrimEnd().EndsWith(n, StringComparison.Ordinal));
        try
        {
            Assert.Equal(0, (await LabCluster.CliAsync("nlb", "drainstop", member, "-f", lab.File)).ExitCode);
            await LabCluster.EventuallyAsync(fixture.NlbAsync, n => n.Members.Single(m => m.Name == member) is { State: "Draining", Connections: > 0 } m && m.Buckets.Values.All(b => b == 0), $"{member} to drain with its connection open");
            foreach (var client in fixture.Clients.Take(30))
            {
                var answer = await fixture.AskAsync(client, Raw);
                Assert.NotNull(answer);
                Assert.NotEqual(member, answer);
            }

            Assert.Equal(first, await RequestAsync(held));
            held.Shutdown(SocketShutdown.Both);
            await LabCluster.EventuallyAsync(fixture.NlbAsync, n => n.Members.Single(m => m.Name == member).State == "Stopped", $"{member} to stop once its connection closed");
        }
        finally
        {
            Assert.Equal(0, (await LabCluster.CliAsync("nlb", "start", member, "-f", lab.File)).ExitCode);
        }

        await fixture.AllServingAsync();
    }

    /// <summary>A client address and the member that answers it on the web rule (affinity single).</summary>
    protected async Task<(IPAddress Client, string Member)> ClientOfAsync(Func<string, bool> wanted)
    {
        foreach (var client in fixture.Clients)
        {
            if (await fixture.AskAsync(client, Web) is { } member && wanted(member))
            {
                return (client, member);
            }
        }

        throw new InvalidOperationException("no client address is answered by the member wanted");
    }

    protected async Task<Socket> KeepAliveAsync(IPAddress client, int port = Web)
    {
        var socket = await fixture.Client.CreateAsync(AddressFamily.InterNetwork);
        socket.Bind(new IPEndPoint(client, 0));
        await socket.ConnectAsync(new IPEndPoint(fixture.Vip, port));
        return socket;
    }

    /// <summary>One keep-alive request and its whole answer, byte for byte (the echo sets
    /// Content-Length); the Date header is cut, as it changes every second.</summary>
    protected static async Task<string> RequestAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: lab\r\n\r\n"), timeout.Token);
        var buffer = new byte[4096];
        var answer = new StringBuilder();
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.True(read > 0, "the connection closed");
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var text = answer.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } length
                && text.Length >= end + 4 + int.Parse(length.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            {
                return string.Join("\r\n", text.Split("\r\n").Where(l => !l.StartsWith("Date:", StringComparison.OrdinalIgnoreCase)));
            }
        }
    }

    protected Process Restart(string node)
    {
        var lab = fixture.Lab;
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", lab.Namespace(node), Path.Combine(AppContext.BaseDirectory, "understudy"), "node", "run", "-f", lab.File, "--node", node, "--data-dir", Path.Combine(lab.DataDirectory, lab.Name, node) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
