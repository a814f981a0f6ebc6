using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>
/// The state a <c>--wait</c> waits for, as a pure test of a status document: null when the
/// cluster is there, else what is still missing ("kv is Pending on bravo"), which the progress
/// display and the timeout message print.
/// </summary>
internal sealed record WaitGoal(string Description, Func<StatusDocument, string?> Missing);
