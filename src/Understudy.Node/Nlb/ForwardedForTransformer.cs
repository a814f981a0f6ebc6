using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Understudy.Node.Nlb;

/// <summary>YARP's default request copy, plus the client's address appended to X-Forwarded-For.</summary>
internal sealed class ForwardedForTransformer : HttpTransformer
{
    private const string Header = "X-Forwarded-For";

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var client = httpContext.Connection.RemoteIpAddress?.ToString();
        if (client is null)
        {
            return;
        }

        var prior = httpContext.Request.Headers[Header];
        proxyRequest.Headers.Remove(Header);
        proxyRequest.Headers.TryAddWithoutValidation(Header, prior.Count > 0 ? $"{prior}, {client}" : client);
    }
}
