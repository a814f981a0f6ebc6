using Microsoft.AspNetCore.Http;
using Understudy.Node.Security;

namespace Understudy.Node.Api;

/// <summary>Passes one API call on to another node and answers with what that node answered
/// (the dashboard's leader actions, a VM action to the VM's owner), trusting only the cluster's
/// API identity on https://.</summary>
internal sealed class ApiRelay(ApiIdentity identity) : IDisposable
{
    private readonly HttpClient _http = new(identity.Trust(new SocketsHttpHandler { UseProxy = false })) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Sends <paramref name="request"/>, answered within <paramref name="timeout"/>; a node
    /// that does not answer becomes a 502 whose message is <paramref name="unreachable"/> and the
    /// reason, with <paramref name="path"/> as its path.</summary>
    public async Task<IResult> SendAsync(HttpRequestMessage request, TimeSpan timeout, string unreachable, string path, CancellationToken token)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await _http.SendAsync(request, limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            return Results.Content(body, "application/json", statusCode: (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !token.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0} s" : e.Message;
            return Results.Json(new ApiError($"{unreachable}: {why}", path), statusCode: StatusCodes.Status502BadGateway);
        }
    }

    public void Dispose() => _http.Dispose();
}
