using Microsoft.AspNetCore.Http;

namespace Understudy.Node.Api;

/// <summary>Passes one API call on to another node and answers with what that node answered.</summary>
internal static class ApiRelay
{
    /// <summary>Sends <paramref name="request"/>; a node that does not answer becomes a 502 whose
    /// message is <paramref name="unreachable"/> and the reason, with <paramref name="path"/> as its path.</summary>
    public static async Task<IResult> SendAsync(HttpClient http, HttpRequestMessage request, string unreachable, string path, CancellationToken token)
    {
        try
        {
            using var response = await http.SendAsync(request, token);
            var body = await response.Content.ReadAsStringAsync(token);
            return Results.Content(body, "application/json", statusCode: (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
        {
            return Results.Json(new ApiError($"{unreachable}: {e.Message}", path), statusCode: StatusCodes.Status502BadGateway);
        }
    }
}
