using Microsoft.AspNetCore.Http;

namespace Understudy.Node.Api;

/// <summary>Refuses a call whose bound body (or one element of a list body) has a
/// <see cref="IRequestBody.Problem"/>, with 400 naming the field, before the handler runs.</summary>
internal sealed class RequestBodyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (Check(argument) is { } problem)
            {
                return ValueTask.FromResult<object?>(Results.Json(problem, StatusJson.Options, statusCode: StatusCodes.Status400BadRequest));
            }
        }

        return next(context);
    }

    private static ApiError? Check(object? argument)
    {
        switch (argument)
        {
            case IRequestBody body:
                return body.Problem();
            case IEnumerable<IRequestBody?> list:
                var i = 0;
                foreach (var item in list)
                {
                    if (item is null)
                    {
                        return new ApiError("a list element is null", $"[{i}]");
                    }

                    if (item.Problem() is { } problem)
                    {
                        return problem with { Path = $"[{i}]{(problem.Path is null ? "" : "." + problem.Path)}" };
                    }

                    i++;
                }

                return null;
            default:
                return null;
        }
    }
}
