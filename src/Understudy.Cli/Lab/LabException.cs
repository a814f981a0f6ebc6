namespace Understudy.Cli.Lab;

/// <summary>A lab step that failed, with a message that says what to change.</summary>
internal sealed class LabException(string message) : Exception(message);
