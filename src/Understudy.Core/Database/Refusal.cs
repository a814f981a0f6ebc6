namespace Understudy.Core.Database;

/// <summary>Why an operator's call makes no change: the class of refusal, a message for the
/// operator, and the field of the request it concerns.</summary>
/// <param name="Kind">The class of refusal (it chooses the API's status).</param>
/// <param name="Message">Human-readable reason.</param>
/// <param name="Path">The field of the request it concerns (for example <c>name</c>, <c>node</c>), or null.</param>
public sealed record Refusal(RefusalKind Kind, string Message, string? Path = null)
{
    /// <summary>The cluster's rules refuse the change.</summary>
    public static Refusal BadRequest(string message, string? path = null) => new(RefusalKind.BadRequest, message, path);

    /// <summary>What <paramref name="message"/> names does not exist.</summary>
    public static Refusal NotFound(string message, string? path = null) => new(RefusalKind.NotFound, message, path);

    /// <summary>This node cannot make the change now; another may.</summary>
    public static Refusal Conflict(string message, string? path = null) => new(RefusalKind.Conflict, message, path);

    /// <summary>The change could not be committed.</summary>
    public static Refusal Unavailable(string message, string? path = null) => new(RefusalKind.Unavailable, message, path);
}
