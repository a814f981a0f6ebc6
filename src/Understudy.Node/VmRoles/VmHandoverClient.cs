using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Vms;
using Understudy.Node.Api;
using Understudy.Node.Database;
using Understudy.Node.Failover;
using Understudy.Node.Hosting;
using Understudy.Node.Resources;
using Understudy.Node.Vms;
using Understudy.Node.Vms.Qemu;

namespace Understudy.Node.VmRoles;

/// <summary>
/// The source's side of a live migration: when a role's run stops here, <see cref="VmHandoverRule"/>
/// decides whether its VM migrates. If so: the prepare step (the new owner starts an incoming QEMU
/// under its own lease, <c>POST /api/internal/vms/{name}/incoming</c>), QMP <c>migrate</c> to it
/// (QEMU pauses the guest here for the last copy and the source QEMU quits), and a note of QEMU's
/// figures to the new owner. Any failure leaves the VM here, to be stopped as usual: the new owner
/// then boots it afresh.
/// </summary>
internal sealed partial class VmHandoverClient(RaftHost raft, LeaseKeeper lease, NodeIdentity self, ClusterConfig config, PeerClient peers, VmMigrationCounts counts, Monotonic clock, ILogger<VmHandoverClient> logger)
{
    /// <summary>Longest a migration may take before the source gives up on it and stops the VM.</summary>
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Longest one step's call to the new owner may take (the prepare step starts a QEMU there).</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Migrates <paramref name="running"/> to the role's new owner if this stop is a planned
    /// move: a note for the event log once the guest runs there (the VM here is then gone), null
    /// to stop it as usual.</summary>
    public async Task<string?> TryMigrateAwayAsync(RunningVm running, RoleContext context)
    {
        var qemu = running.Vm as QemuVm;
        var decision = VmHandoverRule.OnStop(raft.State, context.Role, self.Name, context.Token, qemu is not null, running.Vm.State == VmRunState.Running, lease.IsValid);
        if (decision.Kind != VmHandoverKind.Migrate || qemu is null || config.FindNode(decision.Target!) is not { } target)
        {
            return null;
        }

        var name = running.Vm.Settings.Name;
        LogMigrating(name, decision.Reason);
        using var limit = new CancellationTokenSource(MigrationTimeout, clock.Time);
        try
        {
            var ready = await PostAsync<IncomingReady>(target, name, "incoming", new IncomingRequest(context.Role, decision.Token, self.Name), limit.Token);
            var result = await qemu.MigrateAsync($"tcp:{ready.Address}:{ready.Port}", limit.Token);
            if (!result.Succeeded)
            {
                counts.FellBack();
                LogFallback(name, $"QEMU reports {result.Status}: {result.Error}");
                return null;
            }

            counts.Sent();
            LogMigrated(name, target.Name, result.Downtime.TotalMilliseconds, result.TotalTime.TotalMilliseconds);
            var notice = new MigratedNotice(decision.Token, self.Name, result.Downtime.TotalMilliseconds, result.TotalTime.TotalMilliseconds, running.Monitor.SinceLastHeartbeat()?.TotalMilliseconds);
            try
            {
                await PostAsync<System.Text.Json.JsonElement>(target, name, "migrated", notice, limit.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
            {
                LogNoticeLost(name, e.Message); // the guest runs there all the same
            }

            await Task.WhenAny(qemu.Exited, Task.Delay(VmInstance.StopGrace, clock.Time, CancellationToken.None));
            return $"live-migrated VM {name} to {target.Name} (downtime {result.Downtime.TotalMilliseconds:0} ms)";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or IOException or System.Net.Sockets.SocketException or System.Text.Json.JsonException)
        {
            counts.FellBack();
            LogFallback(name, e.Message);
            return null;
        }
    }

    // One step's call to the new owner; its refusal or silence becomes the fallback's reason.
    private async Task<T> PostAsync<T>(NodeConfig target, string name, string action, object body, CancellationToken token)
        where T : notnull
    {
        var answer = await peers.PostAsync(target, $"/api/internal/vms/{Uri.EscapeDataString(name)}/{action}", JsonContent.Create(body, body.GetType()), StepTimeout, token);
        if (!answer.Ok)
        {
            throw new InvalidOperationException($"{target.ApiUrl} refused the {action} step: {(answer.Status is null ? answer.Why : answer.Read<ApiError>().Value?.Error ?? answer.Why)}");
        }

        return answer.Read<T>() is ({ } value, _) ? value : throw new InvalidOperationException($"{target.ApiUrl} sent an unreadable answer to the {action} step");
    }

    [LoggerMessage(EventId = 5121, Level = LogLevel.Information, Message = "VM {Vm}: live-migrating: {Reason}")]
    private partial void LogMigrating(string vm, string reason);

    [LoggerMessage(EventId = 5122, Level = LogLevel.Information, Message = "VM {Vm}: live migration to {Target} completed, downtime {DowntimeMs} ms, total {TotalMs} ms")]
    private partial void LogMigrated(string vm, string target, double downtimeMs, double totalMs);

    [LoggerMessage(EventId = 5123, Level = LogLevel.Warning, Message = "VM {Vm}: no live migration, stopping it instead (the new owner boots it): {Why}")]
    private partial void LogFallback(string vm, string why);

    [LoggerMessage(EventId = 5124, Level = LogLevel.Warning, Message = "VM {Vm}: migrated, but the new owner did not take QEMU's figures: {Why}")]
    private partial void LogNoticeLost(string vm, string why);
}
