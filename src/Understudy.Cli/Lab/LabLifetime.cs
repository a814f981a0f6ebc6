using Understudy.Core.Lab;

namespace Understudy.Cli.Lab;

/// <summary>A lab from its file to its last namespace: made whole or not at all, removed whole.</summary>
internal static class LabLifetime
{
    /// <summary>
    /// Makes <paramref name="plan"/>'s lab, owned by this process. A lab of that name that is up
    /// is refused; one left behind (its <c>up</c> gone, or namespaces without a file) is removed
    /// first. If building fails, everything made so far is removed before the error goes up.
    /// </summary>
    public static async Task<LabState> CreateAsync(LabPlan plan, string file, TextWriter log)
    {
        if (LabState.Find(plan.Names.Lab) is { } old)
        {
            if (old.OwnerAlive)
            {
                throw new LabException($"lab '{old.Name}' is already up (understudy up, pid {old.Pid}, {old.File}); stop that up, or give this cluster another cluster.name");
            }

            log.WriteLine($"Removing lab '{old.Name}' left by a killed understudy up (pid {old.Pid})…");
            await RemoveAsync(old);
        }

        var state = LabState.Of(plan, file);
        if ((await LabNetwork.ExistingAsync()).Overlaps(plan.Namespaces))
        {
            log.WriteLine($"Removing namespaces of lab '{plan.Names.Lab}' that no lab file names…");
            await LabNetwork.RemoveAsync(plan);
        }

        state.Save();
        try
        {
            await LabNetwork.BuildAsync(plan);
            return state;
        }
        catch
        {
            await RemoveAsync(state);
            throw;
        }
    }

    /// <summary>Removes the lab's namespaces (and what runs in them), then its file.</summary>
    public static async Task RemoveAsync(LabState state)
    {
        await LabNetwork.RemoveAsync(state.Plan);
        state.Delete();
    }
}
