using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Understudy.Bench.Nlb;

/// <summary>
/// kill -9 one member (its node and its backend) while many clients, each from its own loopback
/// source address, send one request per connection to <c>address</c> (a survivor's dedicated
/// address, or the cluster address that every node listens on) on the affinity-single rule. A
/// survivor's client fails if it gets no answer or another member's.
/// </summary>
internal static class KillUnderLoad
{
    public static async Task<KillResult> RunAsync(NlbRig rig, int clients, int workers, string victim, string entry, string address)
    {
        var sources = Enumerable.Range(0, clients).Select(i => $"{rig.Block}.{100 + i}").ToArray();
        var expected = await Task.WhenAll(sources.Select(s => GetAsync(s, address, NlbRig.StickyPort)));
        if (expected.Any(e => e is null))
        {
            throw new InvalidOperationException("not every client got an answer before the kill");
        }

        Console.WriteLine($"clients per member before the kill: {string.Join(", ", expected.GroupBy(e => e).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}");

        long survivorRequests = 0, survivorFailed = 0, victimRequests = 0, victimFailed = 0;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var i = w; !stop.IsCancellationRequested; i = (i + workers) % clients)
            {
                var answer = await GetAsync(sources[i], address, NlbRig.StickyPort);
                if (expected[i] == victim)
                {
                    Interlocked.Increment(ref victimRequests);
                    if (answer is null)
                    {
                        Interlocked.Increment(ref victimFailed);
                    }
                }
                else
                {
                    Interlocked.Increment(ref survivorRequests);
                    if (answer != expected[i])
                    {
                        if (Interlocked.Increment(ref survivorFailed) <= 5)
                        {
                            Console.WriteLine($"  client {sources[i]} expected {expected[i]}, got {answer ?? "no answer"}");
                        }

                    }
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();
        rig.Kill(victim);
        rig.Kill("backend-" + victim);
        await rig.WaitStatusAsync(entry, s => s.Nodes.Single(n => n.Name == victim).State == "Down", $"{victim} Down", TimeSpan.FromSeconds(60));
        var down = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(load);
        return new KillResult(clients, expected.Count(e => e == victim), survivorRequests, survivorFailed, victimRequests, victimFailed, down);
    }

    /// <summary>One HTTP/1.1 request on a fresh connection from <paramref name="source"/>; the answering member's name, or null.</summary>
    private static async Task<string?> GetAsync(string source, string address, int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(IPAddress.Parse(address), port, timeout.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"), timeout.Token);
            var response = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            {
                response.Write(buffer, 0, read);
            }

            var text = Encoding.ASCII.GetString(response.ToArray());
            if (!text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
            {
                return null;
            }

            var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var body = text[(split + 4)..];
            if (text[..split].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
            {
                // size CRLF data CRLF ... 0 CRLF CRLF: the data are the odd lines.
                body = string.Concat(body.Split("\r\n").Where((_, i) => i % 2 == 1));
            }

            return body.Trim();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return null;
        }
    }
}
