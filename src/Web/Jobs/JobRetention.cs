namespace KDTalker.Web.Jobs;

/// <summary>Keeps disk use bounded: deletes finished jobs older than the age limit, then the oldest until the files fit the disk limit.</summary>
internal sealed class JobRetention(IJobStore store, JobFolders folders, ServerOptions options, TimeProvider clock)
{
    private readonly Lock _gate = new();

    /// <summary>Deletes what is over the limits (never a queued or running job).</summary>
    public void Sweep()
    {
        lock (_gate)
        {
            var finished = store.List(int.MaxValue).Where(j => !j.IsLive).OrderBy(j => j.CreatedAt).ToList();
            var cutoff = clock.GetUtcNow() - options.MaxJobAge;
            foreach (var job in finished.Where(j => j.CreatedAt < cutoff).ToList())
            {
                Delete(job.Id);
                finished.Remove(job);
            }
            long used = store.List(int.MaxValue).Sum(j => folders.Size(j.Id));
            foreach (var job in finished)
            {
                if (used <= options.MaxDiskBytes)
                    break;
                used -= folders.Size(job.Id);
                Delete(job.Id);
            }
        }
    }

    private void Delete(string id)
    {
        folders.Delete(id);
        store.Delete(id);
    }
}
