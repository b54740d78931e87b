'use client';

import '@xyflow/react/dist/style.css';
import '@/components/pipelines/pipelines-list.css';
import './graph-editor.css';

import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useSubscription } from '@trpc/tanstack-react-query';
import { ReactFlowProvider, type XYPosition } from '@xyflow/react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { CreateJobInput, ReadJob } from '@/server/model/job';
import { availableAction, describeActionError } from '@/components/pipelines/job-actions';
import { JobStateBadge } from '@/components/pipelines/job-state-badge';
import { useTRPC } from '@/components/providers/trpc-provider';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { RelativeTime } from '@/components/ui/relative-time';
import { Spinner } from '@/components/ui/spinner';
import { Canvas } from './canvas';
import { CanvasElementContext, useCanvasController } from './canvas-controller';
import { ConflictDialog, DeployDialog, type DeployFailure, type DeployOptions } from './deploy-dialogs';
import { clearDraft, positionsById, positionsByName, readDraft, readLayout, writeDraft, writeLayout } from './drafts';
import { EditorStoreProvider, useEditor, useEditorApi } from './editor-context';
import { createEditorStore, type EditorStore, type LiveMetricsPayload } from './editor-store';
import { formatRate, plural, sentence } from './format';
import { docFromJob, emptyDoc, graphFromDoc, jobFromDoc, sameGraph, type GraphDoc } from './graph-document';
import { ToolIcon } from './icons';
import { Inspector } from './inspector';
import { NoticeToast } from './notice-toast';
import { Palette } from './palette';
import { ProblemsPanel } from './problems-panel';
import { findTemplate, type PipelineTemplate } from './templates';
import { Toolbar, type EditorView } from './toolbar';
import { useEditorShortcuts } from './use-editor-shortcuts';

/** The deployed version a draft builds on: deploying sends its number as `fromVersion`. */
interface Base {
  version: number;
  graph: unknown;
}

interface EditorInit {
  doc: GraphDoc;
  positions: Record<string, XYPosition>;
  base?: Base;
  restored?: { savedAt: string };
  template?: PipelineTemplate;
}

const POLL_MS = 2_000;
const PANELS_KEY = 'weir:editor-panels';

// CodeMirror loads when the JSON tab is first opened, not with the canvas.
const JsonView = dynamic(() => import('./json-view').then((module) => module.JsonView), {
  ssr: false,
  loading: () => (
    <div className="editor-page-message">
      <Spinner label="Loading the JSON editor…" />
    </div>
  ),
});
const LIVE_STATES = new Set(['RUNNING', 'STARTING', 'PENDING', 'UPDATING', 'STOPPING', 'ROLLING_BACK']);

/** A read job as the submission the editor shows in its JSON tab. */
function jobSubmission(job: ReadJob): Record<string, unknown> {
  const submission: Record<string, unknown> = { name: job.name, execution: job.execution, processing: job.processing };
  if (Object.keys(job.tags ?? {}).length > 0) submission.tags = job.tags;
  submission.jobGraph = job.jobGraph;
  return submission;
}

function isConflict(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'CONFLICT';
}

function describeFailure(error: unknown): DeployFailure {
  if (error instanceof TRPCClientError) {
    const data = error.data as { errors?: Array<{ path: string; message: string }> } | undefined;
    return { message: error.message, problems: data?.errors ?? [] };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/failed to fetch|networkerror|load failed/i.test(message)) {
    return { message: 'The browser could not reach the Weir server. Your changes are kept; try again when it is back.', problems: [] };
  }
  return { message, problems: [] };
}

// ─── Loading ─────────────────────────────────────────────────────────────────

export function PipelineEditor({ jobId, templateId }: { jobId?: string; templateId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const jobQuery = useQuery({ ...trpc.jobs.get.queryOptions(jobId ? { id: jobId } : skipToken), refetchInterval: POLL_MS });
  const [init, setInit] = useState<EditorInit | null>(null);

  // A new pipeline starts from the template asked for, else from the draft left here, else empty.
  useEffect(() => {
    if (jobId) return;
    const template = findTemplate(templateId);
    if (template) {
      const parsed = docFromJob(structuredClone(template.job));
      if (parsed.ok) {
        setInit({ doc: parsed.doc, positions: {}, template });
        // A reload should bring back the draft, not the pristine template.
        router.replace('/pipelines/new');
        return;
      }
    }
    const draft = readDraft(undefined);
    const parsed = draft ? docFromJob(draft.job) : undefined;
    if (draft && parsed?.ok) setInit({ doc: parsed.doc, positions: positionsById(parsed.doc, draft.positions), restored: draft });
    else setInit({ doc: emptyDoc(), positions: {} });
    // Only on arrival: later template changes come with a remount.
  }, [jobId]);

  // An existing pipeline opens its draft if one differs from what is deployed, else the deployed version.
  const job = jobQuery.data;
  useEffect(() => {
    if (!jobId || init || !job) return;
    const deployed = docFromJob(jobSubmission(job));
    const draft = readDraft(jobId);
    const fromDraft = draft ? docFromJob(draft.job) : undefined;
    if (draft && fromDraft?.ok && !sameGraph(graphFromDoc(fromDraft.doc), job.jobGraph)) {
      setInit({
        doc: fromDraft.doc,
        positions: positionsById(fromDraft.doc, draft.positions),
        base: { version: draft.baseVersion ?? job.version, graph: draft.baseGraph ?? job.jobGraph },
        restored: draft,
      });
      return;
    }
    if (draft) clearDraft(jobId);
    const doc = deployed.ok ? deployed.doc : emptyDoc(job.name);
    setInit({ doc, positions: positionsById(doc, readLayout(jobId)), base: { version: job.version, graph: job.jobGraph } });
  }, [jobId, init, job]);

  if (jobId && !job && jobQuery.isError) {
    const notFound = jobQuery.error instanceof TRPCClientError && (jobQuery.error.data as { code?: string } | undefined)?.code === 'NOT_FOUND';
    return (
      <div className="editor-page-message">
        <Alert
          title={notFound ? 'This pipeline does not exist.' : "Couldn't load the pipeline."}
          actions={
            notFound ? (
              <Link className="btn btn-secondary btn-md" href="/pipelines">
                Back to pipelines
              </Link>
            ) : (
              <Button variant="primary" onClick={() => jobQuery.refetch()}>
                Retry
              </Button>
            )
          }
        >
          <p>{notFound ? `No pipeline has the id ${jobId}; it may have been deleted.` : describeFailure(jobQuery.error).message}</p>
        </Alert>
      </div>
    );
  }
  if (!init) {
    return (
      <div className="editor-page-message">
        <Spinner label="Loading the pipeline…" />
      </div>
    );
  }
  return <EditorWorkspace init={init} jobId={jobId} job={job} refetchJob={() => void jobQuery.refetch()} />;
}

// ─── The workspace ───────────────────────────────────────────────────────────

interface WorkspaceProps {
  init: EditorInit;
  jobId?: string;
  job?: ReadJob;
  refetchJob: () => void;
}

function EditorWorkspace({ init, jobId, job, refetchJob }: WorkspaceProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [store] = useState<EditorStore>(() =>
    createEditorStore({
      doc: init.doc,
      positions: init.positions,
      locked: job ? { name: job.name, execution: job.execution, processing: job.processing } : undefined,
    }),
  );
  const canvasRef = useRef<HTMLDivElement>(null);
  const [base, setBase] = useState<Base | undefined>(init.base);
  const revision = useStore(store, (state) => state.revision);
  const dirty = useMemo(() => {
    const { doc } = store.getState();
    if (!jobId) return doc.vertexIds.length > 0 || (typeof doc.shell.name === 'string' && doc.shell.name !== '');
    return !base || !sameGraph(graphFromDoc(doc), base.graph);
    // `revision` stands for the document.
  }, [store, revision, base, jobId]);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const deployingRef = useRef(false);
  const leavingRef = useRef(false);

  const [remoteVersion, setRemoteVersion] = useState<number>();
  const [deployOpen, setDeployOpen] = useState(false);
  const [deployFailure, setDeployFailure] = useState<DeployFailure>();
  const [conflict, setConflict] = useState<DeployOptions | null>(null);

  // ── Drafts: every change is kept locally until it is deployed.
  const saveNow = useCallback(() => {
    if (leavingRef.current) return;
    const state = store.getState();
    const positions = positionsByName(state);
    if (jobId) writeLayout(jobId, positions);
    if (dirtyRef.current) {
      writeDraft(jobId, {
        savedAt: new Date().toISOString(),
        baseVersion: base?.version,
        job: jobFromDoc(state.doc),
        positions,
        baseGraph: base?.graph,
      });
    } else {
      clearDraft(jobId);
    }
  }, [base, jobId, store]);

  useEffect(() => {
    const timer = setTimeout(saveNow, 250);
    return () => clearTimeout(timer);
  }, [saveNow, revision, dirty]);

  useEffect(() => {
    window.addEventListener('pagehide', saveNow);
    return () => window.removeEventListener('pagehide', saveNow);
  }, [saveNow]);

  // ── The deployed job, polled: state, failure, and versions deployed elsewhere.
  const loadVersion = useCallback(
    (latest: ReadJob, notice?: string) => {
      const parsed = docFromJob(jobSubmission(latest), store.getState().doc);
      if (!parsed.ok) return;
      store.getState().actions.replaceDoc(parsed.doc);
      setBase({ version: latest.version, graph: latest.jobGraph });
      setRemoteVersion(undefined);
      clearDraft(jobId);
      if (notice) store.getState().actions.notify('info', notice);
    },
    [jobId, store],
  );

  useEffect(() => {
    if (!job) return;
    const { actions } = store.getState();
    actions.setFailure(job.state === 'FAILED' ? job.failureReason : undefined);
    if (deployingRef.current || !base || job.version <= base.version) {
      if (base && job.version === base.version) setRemoteVersion(undefined);
      return;
    }
    // Start and stop make versions with the same graph: nothing to merge.
    if (sameGraph(job.jobGraph, base.graph)) setBase({ version: job.version, graph: job.jobGraph });
    else if (!dirtyRef.current) loadVersion(job, `Loaded version ${job.version}, deployed elsewhere.`);
    else setRemoteVersion(job.version);
  }, [job, base, store, loadVersion]);

  // ── Live metrics over server-sent events while the job runs.
  const running = job?.state === 'RUNNING';
  const runningRef = useRef(running);
  runningRef.current = running;
  const lastMetrics = useRef<LiveMetricsPayload | undefined>(undefined);
  useSubscription(
    trpc.jobs.metricsStream.subscriptionOptions(jobId && job && LIVE_STATES.has(job.state) ? { id: jobId } : skipToken, {
      onData: (data) => {
        lastMetrics.current = data;
        store.getState().actions.setLive(data, runningRef.current);
      },
    }),
  );
  useEffect(() => {
    store.getState().actions.setLive(running ? lastMetrics.current : undefined, running);
  }, [running, store]);

  // ── Deploy.
  const create = useMutation(trpc.jobs.create.mutationOptions());
  const update = useMutation(trpc.jobs.update.mutationOptions());
  const lifecycle = useMutation(trpc.jobs.update.mutationOptions());
  const deployPending = create.isPending || update.isPending;

  const deploy = useCallback(
    async (options: DeployOptions, fromVersion?: number) => {
      const state = store.getState();
      const desiredState = options.run ? ('RUNNING' as const) : ('STOPPED' as const);
      setDeployFailure(undefined);
      deployingRef.current = true;
      try {
        if (!jobId) {
          const submission = jobFromDoc(state.doc);
          const created = await create.mutateAsync({
            ...(submission as Omit<CreateJobInput, 'jobGraph'>),
            jobGraph: graphFromDoc(state.doc) as CreateJobInput['jobGraph'],
            desiredState,
            message: options.message,
          });
          leavingRef.current = true;
          writeLayout(created.id, positionsByName(state));
          clearDraft(undefined);
          await queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() });
          queryClient.setQueryData(trpc.jobs.get.queryKey({ id: created.id }), created);
          router.replace(`/pipelines/${created.id}`);
          return;
        }
        const updated = await update.mutateAsync({
          id: jobId,
          fromVersion: fromVersion ?? base?.version ?? 0,
          jobGraph: graphFromDoc(state.doc) as CreateJobInput['jobGraph'],
          desiredState,
          message: options.message,
          rollbackEnabled: options.rollbackEnabled,
        });
        setBase({ version: updated.version, graph: updated.jobGraph });
        setRemoteVersion(undefined);
        setDeployOpen(false);
        setConflict(null);
        clearDraft(jobId);
        queryClient.setQueryData(trpc.jobs.get.queryKey({ id: jobId }), updated);
        void queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() });
        state.actions.notify('success', `Deployed version ${updated.version}.`);
      } catch (error) {
        if (isConflict(error)) {
          setDeployOpen(false);
          setConflict(options);
          refetchJob();
          return;
        }
        setDeployFailure(describeFailure(error));
        setDeployOpen(true);
      } finally {
        deployingRef.current = false;
      }
    },
    [base, create, jobId, queryClient, refetchJob, router, store, trpc, update],
  );

  const overwrite = useCallback(async () => {
    if (!jobId || !conflict) return;
    // Overwrite exactly the version the user was shown, not whatever is newest by now.
    const latest = job ?? (await queryClient.fetchQuery(trpc.jobs.get.queryOptions({ id: jobId })));
    await deploy(conflict, latest.version);
  }, [conflict, deploy, job, jobId, queryClient, trpc]);

  const reloadLatest = useCallback(() => {
    if (!job) return;
    loadVersion(job, `Reloaded version ${job.version}. Your changes are one undo away (Ctrl+Z).`);
    setConflict(null);
  }, [job, loadVersion]);

  const changeLifecycle = useCallback(
    (desiredState: 'RUNNING' | 'STOPPED') => {
      if (!jobId || !job) return;
      lifecycle.mutate(
        { id: jobId, fromVersion: job.version, jobGraph: job.jobGraph, desiredState },
        {
          onError: (error) =>
            store.getState().actions.notify('error', `Couldn't ${desiredState === 'RUNNING' ? 'start' : 'stop'} the pipeline. ${describeActionError(error)}`),
          onSettled: () => {
            refetchJob();
            void queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() });
          },
        },
      );
    },
    [job, jobId, lifecycle, queryClient, refetchJob, store, trpc],
  );

  const discardChanges = useCallback(() => {
    const { actions } = store.getState();
    if (jobId && job && base) {
      const parsed = docFromJob(jobSubmission(job), store.getState().doc);
      if (parsed.ok) actions.replaceDoc(parsed.doc);
      setBase({ version: job.version, graph: job.jobGraph });
    } else {
      actions.replaceDoc(emptyDoc());
    }
    clearDraft(jobId);
    actions.notify('info', 'Changes discarded. Undo (Ctrl+Z) brings them back.');
  }, [base, job, jobId, store]);

  useEffect(() => {
    const name = job?.name ?? 'New pipeline';
    document.title = `${name} · Weir`;
  }, [job?.name]);

  return (
    <EditorStoreProvider store={store}>
      <ReactFlowProvider>
        <CanvasElementContext.Provider value={canvasRef}>
          <EditorLayout
            jobId={jobId}
            job={job}
            base={base}
            dirty={dirty}
            init={init}
            remoteVersion={remoteVersion}
            onOpenDeploy={() => {
              setDeployFailure(undefined);
              setDeployOpen(true);
            }}
            onDiscard={discardChanges}
            onReloadLatest={reloadLatest}
            onLifecycle={changeLifecycle}
            lifecyclePending={lifecycle.isPending}
          />
          <DeployDialogConnected
            open={deployOpen}
            onClose={() => setDeployOpen(false)}
            isNew={!jobId}
            baseVersion={base?.version}
            pending={deployPending}
            failure={deployFailure}
            defaultRun={job ? job.desiredState !== 'STOPPED' : true}
            onDeploy={(options) => void deploy(options)}
          />
          <ConflictDialog
            open={conflict !== null}
            latest={job && base && job.version > base.version ? job : undefined}
            baseVersion={base?.version}
            pending={deployPending}
            onReload={reloadLatest}
            onOverwrite={() => void overwrite()}
            onCancel={() => setConflict(null)}
          />
        </CanvasElementContext.Provider>
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}

function DeployDialogConnected(props: Omit<Parameters<typeof DeployDialog>[0], 'name' | 'onNameChange' | 'nameError'>) {
  const name = useEditor((state) => (typeof state.doc.shell.name === 'string' ? state.doc.shell.name : ''));
  const nameError = useEditor((state) => state.validation.problems.find((problem) => problem.path === 'name')?.message);
  const actions = useEditor((state) => state.actions);
  return <DeployDialog {...props} name={name} nameError={nameError} onNameChange={(value) => actions.setJobField('name', value)} />;
}

// ─── Layout ──────────────────────────────────────────────────────────────────

interface LayoutProps {
  jobId?: string;
  job?: ReadJob;
  base?: Base;
  dirty: boolean;
  init: EditorInit;
  remoteVersion?: number;
  onOpenDeploy: () => void;
  onDiscard: () => void;
  onReloadLatest: () => void;
  onLifecycle: (desiredState: 'RUNNING' | 'STOPPED') => void;
  lifecyclePending: boolean;
}

function EditorLayout({ jobId, job, base, dirty, init, remoteVersion, onOpenDeploy, onDiscard, onReloadLatest, onLifecycle, lifecyclePending }: LayoutProps) {
  const store = useEditorApi();
  const rootRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<EditorView>('canvas');
  const [restored, setRestored] = useState(init.restored);
  const [template, setTemplate] = useState(init.template);
  const [panels, setPanels] = useState({ palette: true, inspector: true });
  useEffect(() => {
    try {
      const stored = JSON.parse(window.localStorage.getItem(PANELS_KEY) ?? 'null') as { palette?: boolean; inspector?: boolean } | null;
      if (stored) setPanels({ palette: stored.palette !== false, inspector: stored.inspector !== false });
    } catch {
      // Defaults it is.
    }
  }, []);
  const togglePanel = useCallback((panel: 'palette' | 'inspector') => {
    setPanels((current) => {
      const next = { ...current, [panel]: !current[panel] };
      try {
        window.localStorage.setItem(PANELS_KEY, JSON.stringify(next));
      } catch {
        // Not remembered, still toggled.
      }
      return next;
    });
  }, []);
  const panelId = useId();
  const controller = useCanvasController();
  const problems = useEditor((state) => state.validation.problems);
  const eventsPerSecond = useEditor((state) => (state.live.running ? state.live.eventsPerSecond : undefined));
  const failedVertex = useEditor((state) => state.live.failedVertex);
  useEditorShortcuts(rootRef);

  const revealProblem = (index: number) => {
    const problem = problems[index];
    if (!problem) return;
    setView('canvas');
    if (problem.vertexId) {
      controller.revealVertex(problem.vertexId);
      store.getState().actions.focusField(problem.vertexId, problem.field);
    } else if (problem.edgeId) {
      controller.revealEdge(problem.edgeId);
    }
  };

  const onDeployClick = () => {
    // The name of a new pipeline can be given in the dialog; anything else must be fixed on the canvas first.
    const blocking = problems.filter((problem) => jobId || problem.path !== 'name');
    if (blocking.length > 0) {
      store
        .getState()
        .actions.notify('error', `Fix ${plural(blocking.length, 'problem')} before deploying. First: ${sentence(blocking[0].message)}`);
      revealProblem(problems.indexOf(blocking[0]));
      return;
    }
    onOpenDeploy();
  };

  const revealFailedVertex = () => {
    const { doc } = store.getState();
    const id = doc.vertexIds.find((candidate) => doc.vertices[candidate].name === failedVertex);
    if (id) {
      setView('canvas');
      controller.revealVertex(id);
    }
  };

  const action = job ? availableAction(job) : undefined;
  const deployDisabled = jobId ? !dirty : false;
  const failedVertexExists = useEditor((state) =>
    failedVertex ? state.doc.vertexIds.some((id) => state.doc.vertices[id].name === failedVertex) : false,
  );

  return (
    <div className="pipeline-editor" ref={rootRef}>
      <header className="editor-header">
        <div className="editor-title">
          <nav aria-label="Breadcrumb" className="editor-breadcrumb">
            <Link href="/pipelines">
              <ToolIcon name="back" size={14} /> Pipelines
            </Link>
          </nav>
          <h1 title={job?.name}>{job?.name ?? 'New pipeline'}</h1>
          {job ? (
            <div className="editor-status">
              <JobStateBadge state={job.state} failureReason={job.failureReason} />
              <span className="version" title={`Deployed version ${job.version}`}>
                v{job.version}
              </span>
              <Link href={`/pipelines/${encodeURIComponent(job.id)}/history`} className="editor-history-link">
                History
              </Link>
              {eventsPerSecond !== undefined ? (
                <span className="throughput" title="Events per second leaving the pipeline's sources">
                  {formatRate(eventsPerSecond)} <span className="muted">events/s</span>
                </span>
              ) : null}
            </div>
          ) : null}
        </div>
        <div className="editor-header-actions">
          <span
            className={`draft-status${dirty ? ' is-dirty' : ''}`}
            role="status"
            title={dirty && jobId ? `Your changes build on version ${base?.version}; they are kept in this browser until you deploy` : undefined}
          >
            {dirty ? (jobId ? 'Unsaved changes' : 'Draft, not deployed') : jobId ? 'All changes deployed' : ''}
          </span>
          {dirty ? (
            <Button size="sm" onClick={onDiscard} title="Discard your changes (undo brings them back)">
              Discard
            </Button>
          ) : null}
          {action === 'start' || action === 'stop' ? (
            <Button size="sm" onClick={() => onLifecycle(action === 'stop' ? 'STOPPED' : 'RUNNING')} disabled={lifecyclePending}>
              {action === 'stop' ? (lifecyclePending ? 'Stopping…' : 'Stop') : lifecyclePending ? 'Starting…' : 'Start'}
            </Button>
          ) : action === 'starting' || action === 'stopping' ? (
            <span className="muted">{action === 'starting' ? 'Starting…' : 'Stopping…'}</span>
          ) : null}
          <Button
            variant="primary"
            onClick={onDeployClick}
            disabled={deployDisabled}
            title={deployDisabled ? 'Nothing to deploy: the canvas matches the deployed version' : problems.length > 0 ? `${plural(problems.length, 'problem')} to fix first` : undefined}
          >
            Deploy
          </Button>
        </div>
      </header>

      <div className="editor-banners">
        {job?.state === 'FAILED' ? (
          <Alert
            title={`Version ${job.version} failed${job.failureReason ? '' : '.'}`}
            actions={
              failedVertexExists ? (
                <Button size="sm" onClick={revealFailedVertex}>
                  Show {failedVertex}
                </Button>
              ) : undefined
            }
          >
            {job.failureReason ? <p>{sentence(job.failureReason)}</p> : null}
            <p className="muted">Fix it and deploy a new version, or press Start to try again.</p>
          </Alert>
        ) : null}
        {remoteVersion !== undefined ? (
          <Alert
            tone="warning"
            title={`Version ${remoteVersion} was deployed elsewhere while you were editing.`}
            actions={
              <Button size="sm" onClick={onReloadLatest}>
                Load version {remoteVersion}
              </Button>
            }
          >
            <p>Your changes build on version {base?.version}. Deploying will ask whether to overwrite version {remoteVersion}.</p>
          </Alert>
        ) : null}
        {restored ? (
          <div className="editor-banner" role="status">
            <span>
              Restored your unsaved changes from <RelativeTime iso={restored.savedAt} />.
            </span>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                onDiscard();
                setRestored(undefined);
              }}
            >
              Discard them
            </button>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setRestored(undefined)}>
              <ToolIcon name="close" size={14} />
            </button>
          </div>
        ) : null}
        {template ? (
          <div className="editor-banner" role="status">
            <span>
              Started from the template “{template.title}”. Fill in the settings the problems list points to, then deploy.
            </span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setTemplate(undefined)}>
              <ToolIcon name="close" size={14} />
            </button>
          </div>
        ) : null}
      </div>

      <div className={`editor-body${panels.palette ? '' : ' without-palette'}${panels.inspector ? '' : ' without-inspector'}`}>
        {panels.palette ? <Palette /> : null}
        <div className="editor-center">
          <Toolbar view={view} onViewChange={setView} panelId={panelId} panels={{ ...panels, toggle: togglePanel }} />
          <div className="editor-stage">
            <div
              id={`${panelId}-canvas`}
              role="tabpanel"
              aria-labelledby={`${panelId}-canvas-tab`}
              className="editor-stage-panel"
              inert={view !== 'canvas'}
            >
              <Canvas />
            </div>
            {view === 'json' ? (
              <div id={`${panelId}-json`} role="tabpanel" aria-labelledby={`${panelId}-json-tab`} className="editor-stage-panel editor-stage-overlay">
                <JsonView locked={Boolean(jobId)} />
              </div>
            ) : null}
            <NoticeToast />
          </div>
          <ProblemsPanel onReveal={() => setView('canvas')} />
        </div>
        {panels.inspector ? <Inspector /> : null}
      </div>
    </div>
  );
}
