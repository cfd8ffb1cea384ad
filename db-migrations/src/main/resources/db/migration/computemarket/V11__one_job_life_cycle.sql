-- One job life cycle (issue 12 item 4): every order is matched, escrowed, trained as FedAvg rounds on its matched
-- runners, verified and settled; the unpriced single-runner path and its columns go. A job of that path recorded
-- earlier keeps its state, model and accuracy; its task ids, runner ids and progress snapshot are dropped.
ALTER TABLE training_job
    DROP COLUMN federated,
    DROP COLUMN train_task_id,
    DROP COLUMN eval_task_id,
    DROP COLUMN runner_id,
    DROP COLUMN eval_runner_id,
    DROP COLUMN train_samples_per_second,
    DROP COLUMN train_wall_millis,
    DROP COLUMN eval_wall_millis,
    DROP COLUMN progress_epoch,
    DROP COLUMN progress_epochs,
    DROP COLUMN progress_samples_done,
    DROP COLUMN progress_samples_total,
    DROP COLUMN progress_loss,
    DROP COLUMN progress_samples_per_second,
    DROP COLUMN progress_eta_seconds;
