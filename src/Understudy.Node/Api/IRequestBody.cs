namespace Understudy.Node.Api;

/// <summary>A JSON request body that knows its own rules: <see cref="RequestBodyFilter"/> asks it
/// before the handler runs, so a field that is missing or out of range is a 400 naming it.</summary>
internal interface IRequestBody
{
    /// <summary>The first problem, with the field's name as its path; null if the body is fine.</summary>
    ApiError? Problem();
}
