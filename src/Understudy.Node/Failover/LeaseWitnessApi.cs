using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Node.Api;

namespace Understudy.Node.Failover;

/// <summary>
/// The internal calls of witnessed leases, answered by every member, a quorum witness too
/// (behind the API token like every change): <c>lease-note</c> from an owner that could not renew
/// with the leader, <c>lease-fence</c> from a leader about to release a Down node's roles.
/// </summary>
internal static class LeaseWitnessApi
{
    public static void MapChanges(RouteGroupBuilder changes)
    {
        changes.MapPost("/internal/lease-note", async (LeaseNoteRequest note, LeaseNotary notary, ClusterConfig config, CancellationToken token) =>
            config.FindNode(note.Node) is null ? ApiRefusal.Result(Refusal.BadRequest($"'{note.Node}' is not a node of this cluster", "node"))
            : await notary.NoteAsync(note.Node, note.Claims, token) is { } refusal
                ? ApiRefusal.Result(Refusal.Conflict(refusal))
                : Results.Json(new { ok = true }));

        changes.MapPost("/internal/lease-fence", (string node, long token, LeaseNotary notary, ClusterConfig config) =>
            config.FindNode(node) is null ? ApiRefusal.Result(Refusal.BadRequest($"'{node}' is not a node of this cluster", "node"))
            : Results.Json(new { remainingMs = (long)Math.Ceiling(notary.Fence(node, token).TotalMilliseconds) }));
    }
}
