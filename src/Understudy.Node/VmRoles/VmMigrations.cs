using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Understudy.Core.Security;
using Understudy.Core.Vms;
using Understudy.Node.Database;
using Understudy.Node.Failover;
using Understudy.Node.Hosting;
using Understudy.Node.Vms;
using Understudy.Node.Vms.Qemu;

namespace Understudy.Node.VmRoles;

/// <summary>
/// The target's side of a live migration (docs/vms.md, "Live migration on a planned move"). The
/// prepare step (<see cref="PrepareAsync"/>) starts an incoming QEMU, under this node's lease
/// guard, only for the role's committed new owner — this node, under the token the source names,
/// awaiting that source — and keeps it here until the role's run starts on this node and
/// <see cref="TakeAdoptable"/> hands it over. It is killed if the ownership changes, its QEMU
/// exits, or nobody adopts it within <see cref="AdoptionTimeout"/>.
/// </summary>
internal sealed partial class VmMigrations(VmHost host, RaftHost raft, LeaseKeeper lease, NodeIdentity self, GuestAgentRootKey key, VmMigrationCounts counts, Monotonic clock, ILogger<VmMigrations> logger)
{
    /// <summary>How long an incoming VM waits for its role to start here.</summary>
    public static readonly TimeSpan AdoptionTimeout = TimeSpan.FromSeconds(120);

    /// <summary>How long the prepare step waits for this node's database to show the move the source saw.</summary>
    public static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, PendingIncoming> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingIncoming> _records = new(StringComparer.Ordinal);

    /// <summary>Starts an incoming QEMU for VM <paramref name="name"/>; returns where it listens, or why not.</summary>
    public async Task<(IncomingReady? Ready, string? Refusal)> PrepareAsync(string name, IncomingRequest request, CancellationToken token)
    {
        // The source acts on its own copy of the database; this node's copy may not have applied
        // the move yet (a follower applies a commit a little later): give it a moment to catch up.
        var started = clock.Now;
        while (raft.State.Roles.TryGetValue(request.Role, out var known) && known.FencingToken < request.Token && clock.Now - started < CatchUp)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), clock.Time, token);
        }

        var state = raft.State;
        if (VmHandoverRule.RefuseIncoming(state, request.Role, self.Name, request.Source, request.Token, lease.IsValid) is { } refusal)
        {
            return (null, refusal);
        }

        var settings = state.Roles[request.Role].Definition.Resources.Select(r => r.Vm?.Settings).FirstOrDefault(s => s?.Name == name);
        if (settings is null)
        {
            return (null, $"role {request.Role} has no VM named '{name}'");
        }

        if (host.DriverFor(settings.Driver) is not QemuVmDriver qemu)
        {
            return (null, $"VM {name} does not run under QEMU on this node");
        }

        lock (_gate)
        {
            if (_pending.ContainsKey(name) || host.Find(name) is not null)
            {
                return (null, $"VM {name} already runs or waits for a migration here");
            }
        }

        var port = FreePort();
        var vm = await qemu.StartIncomingAsync(settings, port, token);
        var monitor = new VmMonitor(settings, ClusterKeys.ForVm(key.Key.Span, name), clock, logger);
        monitor.Attach(vm);
        var pending = new PendingIncoming(request.Role, request.Token, request.Source, vm, monitor, clock);
        lock (_gate)
        {
            _pending[name] = pending;
            _records.Remove(name);
        }

        LogIncoming(name, request.Role, request.Token, request.Source, self.Node.Address.ToString(), port);
        _ = WatchAsync(name, pending);
        return (new IncomingReady(self.Node.Address.ToString(), port), null);
    }

    /// <summary>Notes the source's report of a completed migration into this node.</summary>
    public bool Completed(string name, MigratedNotice notice)
    {
        lock (_gate)
        {
            var pending = _pending.TryGetValue(name, out var p) ? p : _records.TryGetValue(name, out var r) ? r : null;
            if (pending is null || pending.Token != notice.Token)
            {
                return false;
            }

            pending.Completed(notice);
            _records[name] = pending;
        }

        counts.Received();
        LogCompleted(name, notice.Source, notice.DowntimeMs, notice.TotalMs);
        return true;
    }

    /// <summary>The incoming VM waiting for this run of <paramref name="role"/> (token <paramref name="token"/>), now this run's to keep.</summary>
    public PendingIncoming? TakeAdoptable(string name, string role, long token)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(name, out var pending) && pending.Role == role && pending.Token == token)
            {
                _pending.Remove(name);
                return pending;
            }

            return null;
        }
    }

    /// <summary>The last migration into this node of VM <paramref name="name"/>, or null.</summary>
    public MigrationRecord? Last(string name)
    {
        lock (_gate)
        {
            return _records.TryGetValue(name, out var pending) ? pending.Record() : null;
        }
    }

    private async Task WatchAsync(string name, PendingIncoming pending)
    {
        string? why = null;
        while (why is null)
        {
            await Task.WhenAny(pending.Vm.Exited, Task.Delay(VmInstance.Poll, clock.Time));
            lock (_gate)
            {
                if (!_pending.TryGetValue(name, out var current) || current != pending)
                {
                    return; // adopted
                }

                why = pending.Vm.Exited.IsCompleted ? "its QEMU exited"
                    : VmHandoverRule.RefuseIncoming(raft.State, pending.Role, self.Name, pending.Source, pending.Token, lease.IsValid) is { } refusal ? refusal
                    : clock.Now - pending.Since > AdoptionTimeout ? $"not adopted within {AdoptionTimeout.TotalSeconds} s"
                    : null;
                if (why is not null)
                {
                    _pending.Remove(name);
                }
            }
        }

        LogDiscarded(name, why);
        await pending.Monitor.DisposeAsync();
        await pending.Vm.DisposeAsync();
    }

    private int FreePort()
    {
        using var listener = new TcpListener(self.Node.Address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "VM {Vm}: incoming QEMU for role {Role} (token {Token}) from {Source} listens on {Address}:{Port}")]
    private partial void LogIncoming(string vm, string role, long token, string source, string address, int port);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Information, Message = "VM {Vm}: live migration from {Source} completed, downtime {DowntimeMs} ms, total {TotalMs} ms")]
    private partial void LogCompleted(string vm, string source, double downtimeMs, double totalMs);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Warning, Message = "VM {Vm}: incoming QEMU discarded: {Why}")]
    private partial void LogDiscarded(string vm, string why);
}
