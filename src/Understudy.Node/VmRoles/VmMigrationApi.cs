using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Understudy.Node.Api;

namespace Understudy.Node.VmRoles;

/// <summary>
/// Node-to-node calls of a live migration (API token required, as every change):
/// <c>POST /api/internal/vms/{name}/incoming</c> (the prepare step: start an incoming QEMU here)
/// and <c>POST /api/internal/vms/{name}/migrated</c> (QEMU's figures, for the record).
/// </summary>
internal static class VmMigrationApi
{
    public static void MapChanges(RouteGroupBuilder changes)
    {
        changes.MapPost("/internal/vms/{name}/incoming", async (string name, IncomingRequest request, VmMigrations migrations, CancellationToken token) =>
        {
            try
            {
                var (ready, refusal) = await migrations.PrepareAsync(name, request, token);
                return ready is not null
                    ? Results.Json(ready, StatusJson.Options)
                    : Results.Json(new ApiError(refusal ?? "refused", "name"), statusCode: StatusCodes.Status409Conflict);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or System.Net.Sockets.SocketException)
            {
                return Results.Json(new ApiError($"VM {name}: the incoming QEMU did not start: {e.Message}", "name"), statusCode: StatusCodes.Status500InternalServerError);
            }
        });

        changes.MapPost("/internal/vms/{name}/migrated", (string name, MigratedNotice notice, VmMigrations migrations) =>
            migrations.Completed(name, notice)
                ? Results.Json(new { ok = true })
                : Results.Json(new ApiError($"no incoming VM '{name}' under token {notice.Token} here", "name"), statusCode: StatusCodes.Status404NotFound));
    }
}
