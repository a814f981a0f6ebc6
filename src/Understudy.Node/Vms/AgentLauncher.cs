namespace Understudy.Node.Vms;

/// <summary>How to start the <c>understudy</c> program (for <c>understudy agent run</c>): the
/// apphost itself, or <c>dotnet understudy.dll</c>. The CLI passes its own; tests pass the built one.</summary>
/// <param name="FileName">Executable.</param>
/// <param name="Prefix">Arguments before the command's own (the dll, for <c>dotnet</c>).</param>
public sealed record AgentLauncher(string FileName, IReadOnlyList<string> Prefix);
