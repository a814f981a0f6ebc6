using Microsoft.AspNetCore.Http;
using Understudy.Core.Database;

namespace Understudy.Node.Api;

/// <summary>A <see cref="Refusal"/> (Core's decision) as the API's answer: an <see cref="ApiError"/>
/// with the status its kind stands for (docs/api.md; the CLI's exit codes tell them apart).</summary>
internal static class ApiRefusal
{
    /// <summary>The HTTP answer for <paramref name="refusal"/>.</summary>
    public static IResult Result(Refusal refusal) =>
        Results.Json(new ApiError(refusal.Message, refusal.Path), StatusJson.Options, statusCode: Status(refusal.Kind));

    /// <summary>The HTTP status of a refusal of <paramref name="kind"/>.</summary>
    public static int Status(RefusalKind kind) => kind switch
    {
        RefusalKind.BadRequest => StatusCodes.Status400BadRequest,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a refusal kind"),
    };
}
