using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Understudy.Core.Config;
using Understudy.Node.Api;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.VmRoles;

/// <summary>
/// VM calls of the HTTP API: <c>GET /api/vms</c> (the VMs running on this node) and
/// <c>POST /api/vms/{name}/kill|hang|resume</c> (failure injection, token required). A node that
/// does not run the VM forwards the call, once, to the owner of the role that runs it.
/// </summary>
internal static class VmApi
{
    private const string ForwardedHeader = "X-Understudy-Forwarded";

    /// <summary>How long a VM's owner has to answer a passed action.</summary>
    private static readonly TimeSpan OwnerTimeout = TimeSpan.FromSeconds(10);

    public static void MapReads(IEndpointRouteBuilder app) =>
        app.MapGet("/api/vms", (VmHost host, VmMigrations migrations) => Results.Json(host.Running.Select(v => Describe(v, migrations)).OrderBy(v => v.Name, StringComparer.Ordinal), StatusJson.Options));

    public static void MapChanges(RouteGroupBuilder changes)
    {
        VmMigrationApi.MapChanges(changes);
        changes.MapPost("/vms/{name}/{action}", async (string name, string action, HttpRequest request, VmHost host, RaftHost raft, ClusterConfig config, NodeIdentity self, ApiCredential credential, ApiRelay relay, CancellationToken token) =>
        {
            if (action is not ("kill" or "hang" or "resume" or "crash"))
            {
                return Results.Json(new ApiError($"'{action}' is not a VM action; expected kill, hang, resume or crash", "action"), statusCode: StatusCodes.Status400BadRequest);
            }

            if (host.Find(name) is { } running)
            {
                try
                {
                    await ActAsync(running, action);
                }
                catch (NotSupportedException e)
                {
                    return Results.Json(new ApiError($"VM '{name}': {e.Message}", "action"), statusCode: StatusCodes.Status409Conflict);
                }

                return Results.Json(new { ok = true, node = self.Node.Name, vm = name, action, state = running.Vm.State.ToString() }, StatusJson.Options);
            }

            var role = raft.State.Roles.Values.FirstOrDefault(r => r.Definition.Resources.Any(x => x.Vm?.Settings.Name == name));
            if (role is null)
            {
                return Results.Json(new ApiError($"no role runs a VM named '{name}'", "name"), statusCode: StatusCodes.Status404NotFound);
            }

            var owner = role.Owner is { } o ? config.FindNode(o) : null;
            if (owner is null || owner.Name == self.Node.Name || request.Headers.ContainsKey(ForwardedHeader))
            {
                return Results.Json(new ApiError($"VM '{name}' (role {role.Name}, {role.State}) is not running now", "name"), statusCode: StatusCodes.Status409Conflict);
            }

            return await ForwardAsync(relay, owner.ApiUrl, name, action, credential, token);
        });
    }

    private static async Task ActAsync(RunningVm running, string action)
    {
        switch (action)
        {
            case "kill":
                await running.Vm.KillAsync();
                break;
            case "hang":
                running.Vm.Hang();
                break;
            case "crash":
                await running.Vm.CrashGuestAsync();
                break;
            default:
                running.Vm.Resume();
                break;
        }
    }

    private static async Task<IResult> ForwardAsync(ApiRelay relay, string ownerUrl, string name, string action, ApiCredential credential, CancellationToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ownerUrl}/api/vms/{Uri.EscapeDataString(name)}/{action}");
        credential.Authorize(request);
        request.Headers.Add(ForwardedHeader, "1");
        return await relay.SendAsync(request, OwnerTimeout, $"the owner of VM '{name}' at {ownerUrl} did not answer", "name", token);
    }

    private static VmDocument Describe(RunningVm running, VmMigrations migrations) => new()
    {
        Name = running.Vm.Settings.Name,
        Role = running.Role,
        Driver = running.Vm.Driver.ToString().ToLowerInvariant(),
        State = running.Vm.State.ToString(),
        Pid = running.Vm.ProcessId,
        Monitoring = running.Monitoring,
        Verdict = running.Monitor.Verdict().Describe(),
        Incarnation = running.Monitor.LastHeartbeat?.Incarnation,
        SinceHeartbeatMs = running.Monitor.SinceLastHeartbeat()?.TotalMilliseconds,
        Migration = migrations.Last(running.Vm.Settings.Name),
    };
}
