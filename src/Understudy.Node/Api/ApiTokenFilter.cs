using Microsoft.AspNetCore.Http;

namespace Understudy.Node.Api;

/// <summary>
/// Refuses a state-changing request unless it carries <c>Authorization: Bearer TOKEN</c> with a
/// token this node accepts (<see cref="ApiTokens"/>, docs/api.md "Tokens"): the internal token
/// for anything, the operator token of the current generation for anything but the nodes'
/// internal calls (<c>/api/internal/…</c>, 403). Reads stay open so that monitoring needs no secret.
/// A middleware, not an endpoint filter: filters run after the body is bound, and an
/// unauthenticated caller must not make a node read or parse anything (a malformed body without
/// a token is 401, not 400).
/// </summary>
internal sealed class ApiTokenFilter(ApiTokens tokens)
{
    private const string Scheme = "Bearer ";
    private const string InternalCalls = "/api/internal";

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ApiTokenRequired>() is null)
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith(Scheme, StringComparison.Ordinal) ? header[Scheme.Length..].Trim() : null;
        switch (tokens.Classify(presented, context.Connection.ClientCertificate))
        {
            case ApiTokenKind.Internal:
                return next(context);
            case ApiTokenKind.Operator when !context.Request.Path.StartsWithSegments(InternalCalls, StringComparison.Ordinal):
                return next(context);
            case ApiTokenKind.Operator:
                return Refuse(context, StatusCodes.Status403Forbidden, "this is one of the nodes' internal calls; it takes their own token, never an operator token");
            case ApiTokenKind.None:
                return Refuse(context, StatusCodes.Status401Unauthorized, "this call changes the cluster and needs 'Authorization: Bearer <token>'");
            default:
                return Refuse(context, StatusCodes.Status401Unauthorized, $"wrong API token (the operator token is at generation {tokens.Generation}; understudy token prints the current one)");
        }
    }

    private static Task Refuse(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiError(error), StatusJson.Options);
    }
}
