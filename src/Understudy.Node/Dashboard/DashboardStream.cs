using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Understudy.Node.Api;
using Understudy.Node.Database;
using Understudy.Node.Hosting;

namespace Understudy.Node.Dashboard;

/// <summary>
/// <c>GET /api/dashboard/events</c>: server-sent events, one dashboard document per event, sent
/// when the committed state changes (looked for every <see cref="DashboardOptions.CheckInterval"/>)
/// and at least every <see cref="DashboardOptions.RefreshInterval"/>. Read-only, the same data as
/// the open read API (no token, no key); at most <see cref="DashboardOptions.MaxSubscribers"/>
/// streams at once, the next is refused with 503.
/// </summary>
internal sealed partial class DashboardStream(DashboardBuilder builder, RaftHost raft, DashboardOptions options, TimeProvider time, ILogger<DashboardStream> logger)
{
    private static readonly JsonSerializerOptions Json = new(StatusJson.Options) { WriteIndented = false };

    private int _subscribers;

    /// <summary>Open streams now.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers);

    public async Task ServeAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _subscribers) > options.MaxSubscribers)
        {
            Interlocked.Decrement(ref _subscribers);
            LogRefused(options.MaxSubscribers);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await context.Response.WriteAsJsonAsync(new ApiError($"this node already serves {options.MaxSubscribers} dashboard streams; try again later or open another node's dashboard"));
            return;
        }

        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-store";
            response.Headers["X-Accel-Buffering"] = "no";
            var token = context.RequestAborted;
            // EventSource reconnects by itself; a second is soon enough for a page that lost its node.
            await response.WriteAsync("retry: 1000\n\n", token);
            long sentVersion = -1;
            var sentAt = TimeSpan.MinValue;
            var started = time.GetTimestamp();
            using var timer = new PeriodicTimer(options.CheckInterval, time);
            do
            {
                var now = time.GetElapsedTime(started);
                var version = raft.State.Version;
                if (version == sentVersion && now - sentAt < options.RefreshInterval)
                {
                    continue;
                }

                var document = JsonSerializer.Serialize(builder.Build(), Json);
                await response.WriteAsync($"data: {document}\n\n", token);
                await response.Body.FlushAsync(token);
                sentVersion = version;
                sentAt = now;
            }
            while (await Ticks.NextAsync(timer, token));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The page went away.
        }
        finally
        {
            Interlocked.Decrement(ref _subscribers);
        }
    }

    [LoggerMessage(EventId = 1902, Level = LogLevel.Warning, Message = "Dashboard: refused a stream, {Limit} are open")]
    private partial void LogRefused(int limit);
}
