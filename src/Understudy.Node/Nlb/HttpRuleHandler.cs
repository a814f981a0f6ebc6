using System.Net;
using Microsoft.AspNetCore.Http;
using Understudy.Core.Nlb;
using Yarp.ReverseProxy.Forwarder;

namespace Understudy.Node.Nlb;

/// <summary>
/// Forwards one HTTP request through YARP's <see cref="IHttpForwarder"/> to the bucket owner's
/// service. A request without a body whose connect failed is sent once more to the bucket's next
/// owner (the owner died and convergence has not yet moved its buckets).
/// </summary>
internal sealed class HttpRuleHandler(IHttpForwarder forwarder, NlbRouter router, NlbConnections connections)
{
    // HTTP/1.1 to the members, as their services speak it (YARP's default asks for HTTP/2 first
    // and falls back); the activity timeout is YARP's default, stated.
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        ActivityTimeout = TimeSpan.FromSeconds(100),
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(2),
    });

    private readonly HttpTransformer _transformer = new ForwardedForTransformer();

    public async Task HandleAsync(HttpContext context)
    {
        var connection = context.Connection;
        var route = connection.RemoteIpAddress is { } client
            ? router.Pick(NlbProtocol.Http, connection.LocalPort, client, connection.RemotePort)
            : null;
        if (route is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        ForwarderError error;
        using (var lease = connections.Open(route.Member))
        using (lease.Dropped.UnsafeRegister(Abort, context))
        {
            error = await forwarder.SendAsync(context, route.Target.HttpPrefix, _client, RequestConfig, _transformer);
        }

        if (error == ForwarderError.Request && route.NextMember is { } next && route.NextTarget is { } nextTarget
            && !context.Response.HasStarted && context.Request.ContentLength is null or 0 && !context.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            using (var lease = connections.Open(next))
            using (lease.Dropped.UnsafeRegister(Abort, context))
            {
                await forwarder.SendAsync(context, nextTarget.HttpPrefix, _client, RequestConfig, _transformer);
            }
        }
    }

    // The member was stopped: cut the client's connection, as Windows NLB's stop does.
    private static void Abort(object? context) => ((HttpContext)context!).Abort();

}
