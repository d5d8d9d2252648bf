namespace KDTalker.Web.Jobs;

/// <summary>
/// The durable list of jobs: records survive a restart, and every change is written before it is reported.
/// Files live next to the records (<see cref="JobFolders"/>); the store itself holds no files.
/// </summary>
public interface IJobStore
{
    /// <summary>Adds a new job; its id must not exist yet.</summary>
    void Add(JobRecord job);

    /// <summary>Replaces the stored record of <paramref name="job"/>'s id.</summary>
    /// <exception cref="KeyNotFoundException">No such job (deleted meanwhile).</exception>
    void Update(JobRecord job);

    /// <summary>The job, or null.</summary>
    JobRecord? Get(string id);

    /// <summary>The newest jobs first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<JobRecord> List(int limit = 100);

    /// <summary>Every job in <paramref name="state"/>, oldest first.</summary>
    IReadOnlyList<JobRecord> InState(JobState state);

    /// <summary>Removes the record (its files are the caller's to delete).</summary>
    void Delete(string id);
}
