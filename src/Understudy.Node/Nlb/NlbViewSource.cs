using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Core.Nlb;
using Understudy.Node.Database;

namespace Understudy.Node.Nlb;

/// <summary>
/// The current <see cref="NlbView"/>, re-derived whenever the parts of the committed database it
/// depends on change (nodes, NLB state, roles). Each lookup compares references, so the data plane
/// always routes by the newest committed state and every node routes alike; a commit that touches
/// none of those parts (most of them) costs the data plane nothing, as the loops look up the view
/// for every HTTP request.
/// </summary>
internal sealed class NlbViewSource(ClusterConfig config, RaftHost raft)
{
    private readonly NlbConfig? _config = config.Nlb;
    private Cache? _cache;

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
            if (cache is { } c && ReferenceEquals(c.State, state))
            {
                return c.View;
            }

            var view = cache is { } old && old.SameInputs(state) ? old.View : NlbViews.Derive(_config, state);
            Volatile.Write(ref _cache, new Cache(state, view));
            return view;
        }
    }

    private sealed record Cache(ClusterState State, NlbView View)
    {
        public bool SameInputs(ClusterState other) =>
            ReferenceEquals(State.Nodes, other.Nodes) && ReferenceEquals(State.Nlb, other.Nlb) && ReferenceEquals(State.Roles, other.Roles);
    }
}
