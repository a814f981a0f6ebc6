using Understudy.Core.Config;
using Understudy.Core.Membership;
using Understudy.Core.Nlb;
using Understudy.Node.Database;

namespace Understudy.Node.Nlb;

/// <summary>
/// The current <see cref="NlbView"/>, re-derived whenever the committed database changes. Each
/// lookup compares one reference, so the data plane always routes by the newest committed state
/// and every node routes alike.
/// </summary>
internal sealed class NlbViewSource(ClusterConfig config, RaftHost raft)
{
    private readonly NlbConfig? _config = config.Nlb;
    private Tuple<ClusterState, NlbView>? _cache;

    /// <summary>The view of the committed state, or null when the cluster file has no <c>nlb:</c>.</summary>
    public NlbView? Current
    {
        get
        {
            if (_config is null)
            {
                return null;
            }

            var state = raft.State;
            var cache = Volatile.Read(ref _cache);
            if (cache is { } c && ReferenceEquals(c.Item1, state))
            {
                return c.Item2;
            }

            var view = NlbViews.Derive(_config, state);
            Volatile.Write(ref _cache, Tuple.Create(state, view));
            return view;
        }
    }
}
