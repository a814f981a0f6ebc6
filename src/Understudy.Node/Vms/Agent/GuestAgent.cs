using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Understudy.Core.Heartbeats;
using Understudy.Core.Vms;
using Understudy.Node.Hosting;

namespace Understudy.Node.Vms.Agent;

/// <summary>
/// The guest agent of a process VM (<c>understudy agent run</c>): starts the guest's workload,
/// heartbeats the host every interval from the VM's own address, and sends a service report after
/// every round of service checks. The same datagrams as the QEMU guest's <c>usagent</c>
/// (docs/protocol.md), over UDP instead of a serial port.
/// </summary>
public sealed class GuestAgent(GuestAgentConfig config, TimeProvider time)
{
    /// <summary>Runs until <paramref name="token"/> is cancelled (SIGTERM); returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken token)
    {
        var key = Convert.FromHexString(File.ReadAllText(config.KeyFile).Trim());
        // Above the last boot's even when the guest's clock stepped back (IncarnationRule): the
        // host's monitor drops heartbeats of an incarnation older than the newest it has seen.
        var incarnation = IncarnationFile.Claim(config.DataDirectory, time.GetUtcNow().ToUnixTimeMilliseconds());
        var host = IPEndPoint.Parse(config.Host);
        using var socket = new Socket(host.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(config.Address), 0));
        Console.WriteLine($"understudy guest {config.Name} booted on {config.Address}");

        using var workload = StartWorkload();
        var sender = new DatagramSender(socket, host);
        try
        {
            await Task.WhenAll(
                HeartbeatLoopAsync(sender, key, incarnation, token),
                ServiceLoopAsync(sender, key, incarnation, token));
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    private async Task HeartbeatLoopAsync(DatagramSender sender, byte[] key, long incarnation, CancellationToken token)
    {
        var buffer = new byte[HeartbeatCodec.MaxEncodedSize];
        long sequence = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(config.IntervalMs), time);
        do
        {
            var beat = new Heartbeat(HeartbeatKind.GuestAgent, config.Name, incarnation, ++sequence, Environment.ProcessId);
            await sender.SendAsync(buffer.AsMemory(0, HeartbeatCodec.Encode(beat, key, buffer)), token);
        }
        while (await Ticks.NextAsync(timer, token));
    }

    private async Task ServiceLoopAsync(DatagramSender sender, byte[] key, long incarnation, CancellationToken token)
    {
        if (config.Services.Count == 0)
        {
            return;
        }

        var buffer = new byte[ServiceReportCodec.MaxEncodedSize];
        var interval = TimeSpan.FromMilliseconds(config.CheckIntervalMs);
        var checker = new ServiceChecker(config.Services, config.DataDirectory, time);
        long sequence = 0;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            var states = await checker.CheckAllAsync(interval, token);
            var report = new ServiceReport(config.Name, incarnation, ++sequence, states);
            await sender.SendAsync(buffer.AsMemory(0, ServiceReportCodec.Encode(report, key, buffer)), token);
        }
        while (await Ticks.NextAsync(timer, token));
    }

    private Process? StartWorkload()
    {
        if (string.IsNullOrWhiteSpace(config.Workload))
        {
            return null;
        }

        // Inherits the agent's stdout and stderr (the console log) and its process group, so
        // kill, hang and resume of the VM reach the workload and its children too.
        var start = WorkloadFork.Shell();
        start.WorkingDirectory = config.DataDirectory;
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config.Workload);
        start.Environment["UNDERSTUDY_VM_NAME"] = config.Name;
        start.Environment["UNDERSTUDY_VM_ADDRESS"] = config.Address;
        start.Environment["UNDERSTUDY_VM_DATA"] = config.DataDirectory;
        start.Environment["UNDERSTUDY_VM_AGENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        GuestPath.Apply(start);
        return WorkloadFork.Start(start);
    }

    private sealed class DatagramSender(Socket socket, EndPoint host)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public async Task SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken token)
        {
            await _gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                await socket.SendToAsync(datagram, SocketFlags.None, host, token);
            }
            catch (SocketException)
            {
                // The host's socket is gone for a moment (it restarted); the next beat tries again.
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
