using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Understudy.Cli.Lab;
using Understudy.Node.Api;

namespace Understudy.Cli.Tests.Lab;

/// <summary>
/// One host lab shared by the distributed-mode tests (<see cref="NlbHostsTests"/>): three hosts,
/// the echo clone role on each, the rules <c>web</c> (HTTP, affinity single) and <c>raw</c> (TCP,
/// affinity none, weights 50/50/100), and 60 client addresses on the client's eth0.
/// </summary>
public class NlbHostsLab : IAsyncLifetime
{
    public const string Roles = """
        roles:
          - name: web
            clone: true
            resources:
              - name: echo
                type: process
                command: understudy
                args: [example, echo, --listen, "${nodeAddress}:9080"]
              - name: health
                type: probe
                dependsOn: [echo]
                http: "http://${nodeAddress}:9080/"
                looksAlive: 500ms
                isAlive: 2s
        nlb:
          address: {lan}.100
          mode: {mode}
          drainTimeout: 60s
          rules:
            - name: web
              ports: 8080
              protocol: http
              affinity: single
              targetPort: 9080
              role: web
            - name: raw
              ports: 8081
              protocol: tcp
              affinity: none
              targetPort: 9080
              role: web
              weights: { alpha: 50, bravo: 50, charlie: 100 }
        """;

    /// <summary>The <c>nlb.mode</c> of the lab's file.</summary>
    public virtual string Mode => "distributed";

    internal LabCluster Lab { get; private set; } = null!;

    internal NamespaceSockets Client { get; private set; } = null!;

    public IReadOnlyList<IPAddress> Clients { get; private set; } = [];

    public IPAddress Vip => IPAddress.Parse($"{Lab.Lan}.100");

    public string Table => "understudy_nlb_" + Convert.ToHexStringLower(Vip.GetAddressBytes());

    public async ValueTask InitializeAsync()
    {
        if (LabCluster.Missing() is not null)
        {
            return;
        }

        Lab = LabCluster.Start(Roles.Replace("{mode}", Mode, StringComparison.Ordinal));
        await Lab.FormedAsync();
        Clients = [.. Enumerable.Range(101, 60).Select(i => IPAddress.Parse($"{Lab.Lan}.{i}"))];
        foreach (var client in Clients)
        {
            await Lab.InAsync("client", "ip", "addr", "add", $"{client}/24", "dev", "eth0");
        }

        Client = new NamespaceSockets(Lab.Namespace("client"));
        await AllServingAsync();
    }

    /// <summary>Waits until every member owns buckets of both rules and every host's filter holds
    /// the current view (distributed mode) or a director holds the cluster address (director mode).</summary>
    public async Task AllServingAsync(params string[] except)
    {
        try
        {
            await LabCluster.EventuallyAsync(
                NlbAsync,
                nlb => nlb.Members.All(m => except.Contains(m.Name) || m.Buckets.Values.All(b => b > 0)) && (Mode != "distributed" || nlb.Filter is { Current: true }),
                "every member to own buckets of every rule");
        }
        catch (TimeoutException timeout)
        {
            // A member without buckets is one whose clone instance is not Online: say which, and why.
            var status = await Lab.StatusAsync();
            throw new TimeoutException($"{timeout.Message}\ncluster status: {(status is null ? "(none)" : JsonSerializer.Serialize(new { status.Nodes, status.Roles }, StatusJson.Options))}", timeout);
        }

        if (Mode == "director")
        {
            await LabCluster.EventuallyAsync(
                Lab.StatusAsync,
                s => s.Roles.SingleOrDefault(r => r.Name == "nlb-director") is { State: "Online", Owner: { } o } && !except.Contains(o),
                "a director to hold the cluster address");
        }
    }

    public async Task<NlbDocument?> NlbAsync()
    {
        var (code, output, _) = await LabCluster.CliAsync("nlb", "status", "--json", "-f", Lab.File);
        return code == 0 ? JsonSerializer.Deserialize<NlbDocument>(output, StatusJson.Options) : null;
    }

    /// <summary>One HTTP/1.0 request from <paramref name="source"/> to the cluster address's
    /// <paramref name="port"/>: the answering member's name, or null if it was not answered.</summary>
    public async Task<string?> AskAsync(IPAddress source, int port)
    {
        using var socket = await Client.CreateAsync(AddressFamily.InterNetwork);
        socket.Bind(new IPEndPoint(source, 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(Vip, port), timeout.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"), timeout.Token);
            var answer = new StringBuilder();
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var text = answer.ToString();
            return text.StartsWith("HTTP/1.", StringComparison.Ordinal) && text.Contains(" 200 ", StringComparison.Ordinal) ? text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim() : null;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The new connections <paramref name="host"/>'s filter accepted for rule number <paramref name="rule"/>.</summary>
    public async Task<long> AcceptedAsync(string host, int rule)
    {
        var (_, output) = await Lab.InAsync(host, "nft", "list", "counter", "ip", Table, $"accepted{rule}");
        var packets = output.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w != "packets").Skip(1).FirstOrDefault();
        return packets is null ? -1 : long.Parse(packets, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Lab is not null)
        {
            await Lab.DisposeAsync();
        }
    }
}
