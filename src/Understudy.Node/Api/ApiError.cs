namespace Understudy.Node.Api;

/// <summary>The body of every refused API call: what was wrong, and where when it applies.</summary>
/// <param name="Error">Human-readable reason.</param>
/// <param name="Path">The offending field of the request (for example <c>roles[0].name</c>), or null.</param>
public sealed record ApiError(string Error, string? Path = null);
