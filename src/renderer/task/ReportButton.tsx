import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';
import { useId, useState } from 'react';
import type { ApiCalls } from '../../shared/api.js';
import { api } from '../api.js';
import { shownError, type ShownError } from '../errors.js';
import { downloadReport, printReport } from './reportOutput.js';

type Report = ApiCalls['task:report']['result'];

export interface ReportButtonProps {
  name: string;
  onError: (error: ShownError) => void;
}

/** Fetches the task's cutover report, then prints it (or saves it as PDF) or downloads it. */
export function ReportButton({ name, onError }: ReportButtonProps) {
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const textId = useId();

  const fetchReport = async (): Promise<void> => {
    setBusy(true);
    try {
      setReport(await api().invoke('task:report', name));
    } catch (e) {
      onError(shownError(e));
    } finally {
      setBusy(false);
    }
  };
  const act = (output: (r: Report) => void): void => {
    if (!report) return;
    try {
      output(report);
    } catch (e) {
      onError(shownError(e));
    }
  };

  return (
    <>
      <Button variant="outlined" disabled={busy} onClick={() => void fetchReport()}>
        Report
      </Button>
      <Dialog
        open={report !== null}
        onClose={() => setReport(null)}
        aria-labelledby={titleId}
        aria-describedby={textId}
      >
        <DialogTitle id={titleId}>Cutover report</DialogTitle>
        <DialogContent>
          <DialogContentText id={textId}>
            The report of {name}, as recorded now: objects, precheck, copy, verification evidence
            per table, the switchover timeline and a sign-off block. To hand it over as a PDF, print
            it and choose “Save as PDF” as the printer.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setReport(null)}>Close</Button>
          <Button onClick={() => act((r) => downloadReport(r.html, r.fileName))}>
            Download HTML
          </Button>
          <Button variant="contained" autoFocus onClick={() => act((r) => printReport(r.html))}>
            Print / Save as PDF
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
