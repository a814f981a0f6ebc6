using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Understudy.Core.Failover;

namespace Understudy.Node.Resources;

/// <summary>
/// A virtual IP the role owns. On loopback every 127.x address already answers on Linux, so the
/// driver only checks that it can bind the address. On a real interface the address is fenced
/// like a process: a lease guard holds it (<see cref="GuardCommandLine.Hold"/>; it adds the
/// address once it has seen the lease and removes it when the lease ends, the guard is stopped,
/// or it fails), and once it is there this node announces it to the LAN (gratuitous ARP,
/// unsolicited neighbour advertisement: <see cref="AddressKernel.Announce"/>), so clients'
/// neighbour caches move to this host at once. Needs CAP_NET_ADMIN and CAP_NET_RAW.
/// </summary>
internal sealed partial class AddressInstance(AddressSpec spec, RoleContext context, TimeProvider time, ILogger<AddressInstance> logger) : IResourceInstance
{
    private readonly GuardProcess _guard = new("lease expired; the guard removed the address");

    public Task<string> Failure => _guard.Failure;

    public async Task StartAsync(CancellationToken token)
    {
        var address = IPAddress.Parse(spec.Address);
        if (spec.IsLoopback)
        {
            if (!CanBind(address, out var error))
            {
                throw new ResourceFailedException($"cannot bind {spec.Address}: {error}");
            }

            return;
        }

        if (AddressKernel.Find(spec.Interface) is not { } link)
        {
            throw new ResourceFailedException($"no interface {spec.Interface} on this host; set the address resource's interface to one that exists");
        }

        var held = new HeldAddress(address, spec.PrefixLength, spec.Interface);
        var log = Path.Combine(context.RoleDirectory, $"address-{spec.Address}.log");
        Directory.CreateDirectory(context.RoleDirectory);
        var command = GuardCommandLine.Hold(context.LeaseFile, log, held, new Vms.AgentLauncher(ProcessInstance.SelfPath, []));
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        _guard.Start(start, "the address guard");
        await WaitUntilHeldAsync(address, log, token);
        if (AddressKernel.Announce(link, address) is var errno and not 0)
        {
            await _guard.StopAsync(AddressOptions.AppearTimeout, CancellationToken.None);
            throw new ResourceFailedException($"cannot announce {held.Cidr} on {spec.Interface} (errno {errno}); the node needs CAP_NET_RAW");
        }

        LogHeld(logger, held.Cidr, spec.Interface);
    }

    public Task StopAsync(CancellationToken token) => _guard.StopAsync(AddressOptions.AppearTimeout, token);

    // The guard adds the address; a bind to it succeeds once it is there (no IP_FREEBIND).
    private async Task WaitUntilHeldAsync(IPAddress address, string log, CancellationToken token)
    {
        var started = time.GetTimestamp();
        using var poll = new PeriodicTimer(AddressOptions.AppearPoll, time);
        while (!CanBind(address, out _))
        {
            if (_guard.Failure.IsCompleted)
            {
                throw new ResourceFailedException($"the address guard ended: {await _guard.Failure}; see {log}");
            }

            if (time.GetElapsedTime(started) > AddressOptions.AppearTimeout)
            {
                await _guard.StopAsync(AddressOptions.AppearTimeout, CancellationToken.None);
                throw new ResourceFailedException($"{spec.Address} did not appear on {spec.Interface} within {AddressOptions.AppearTimeout.TotalSeconds:0} s; see {log}");
            }

            await poll.WaitForNextTickAsync(token);
        }
    }

    private static bool CanBind(IPAddress address, out string? error)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            error = null;
            return true;
        }
        catch (SocketException e)
        {
            error = e.Message;
            return false;
        }
    }

    [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "Address {Address} on {Interface}, held by its lease guard and announced")]
    private static partial void LogHeld(ILogger logger, string address, string @interface);
}
