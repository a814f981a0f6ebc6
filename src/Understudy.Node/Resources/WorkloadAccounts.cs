using Understudy.Core.Security;
using Understudy.Node.Native;

namespace Understudy.Node.Resources;

/// <summary>
/// Resolves a process resource's <c>user:</c> on this node: the account must exist, the node must
/// be allowed to become it (root, or already that user), and it must not be able to read the file
/// that holds the cluster key (<see cref="WorkloadUser.SecretReadableBy"/>).
/// </summary>
/// <param name="secretFile">The key file, or the cluster file when the key is inline; null when unknown.</param>
internal sealed class WorkloadAccounts(string? secretFile)
{
    /// <summary>The account to run as, or why the workload may not run as <paramref name="user"/> here.</summary>
    public (UserAccount? Account, string? Problem) Resolve(string user)
    {
        if (Libc.FindUser(user) is not { } account)
        {
            return (null, $"user: no account '{user}' on this node");
        }

        var self = Libc.EffectiveUserId();
        if (account.Uid == self)
        {
            return (account, null); // the node's own user: nothing changes, nothing to guard
        }

        if (self != 0)
        {
            return (null, $"user: running a workload as {account.Name} needs the node to run as root (it runs as uid {self})");
        }

        if (secretFile is null || Libc.FileOwner(secretFile) is not { } secret)
        {
            return (null, $"user: cannot tell whether {account.Name} could read the cluster key ({secretFile ?? "no key file known"}); refusing to start the workload");
        }

        return WorkloadUser.SecretReadableBy(account.Name, account.Uid, account.Groups, secretFile, secret.Owner, secret.Group, secret.Mode) is { } problem
            ? (null, "user: " + problem)
            : (account, null);
    }
}
