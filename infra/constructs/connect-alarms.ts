import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export const METRIC_NAMESPACE = 'NetSuiteConnect';

/**
 * Alarms an operator wants paged on: any function error or throttle, events that could not be delivered,
 * and callbacks that fail for reasons other than the user's own choice (denial, expired link).
 */
export class ConnectAlarms extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  watchFunction(name: string, fn: IFunction): void {
    const options = { period: Duration.minutes(5), statistic: 'Sum' };
    new Alarm(this, `${name}-errors`, {
      alarmDescription: `NetSuite Connect ${name}: function errors`,
      metric: fn.metricErrors(options),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    new Alarm(this, `${name}-throttles`, {
      alarmDescription: `NetSuite Connect ${name}: throttled invocations`,
      metric: fn.metricThrottles(options),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** Anything in a dead-letter queue is work that failed for good: one message pages. */
  watchQueue(name: string, queue: IQueue): void {
    new Alarm(this, `${name}-waiting`, {
      alarmDescription: `NetSuite Connect ${name}: messages waiting (delivery failed after every retry)`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Counts the callback's `authorization.failed` log lines whose reason points at our side or NetSuite's,
   * not at the user: a metric filter needs no code in the function and adds nothing to its cold start.
   */
  watchCallbackFailures(logGroup: ILogGroup): void {
    const metric = new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: 'CallbackFailures',
      period: Duration.minutes(15),
      statistic: 'Sum',
    });
    new MetricFilter(this, 'CallbackFailuresFilter', {
      logGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'CallbackFailures',
      metricValue: '1',
      filterPattern: FilterPattern.all(
        FilterPattern.stringValue('$.event', '=', 'authorization.failed'),
        FilterPattern.stringValue('$.reason', '!=', 'access_denied'),
        FilterPattern.stringValue('$.reason', '!=', 'request_expired'),
      ),
    });
    new Alarm(this, 'CallbackFailuresAlarm', {
      alarmDescription: 'NetSuite Connect: callbacks failing for reasons other than the user',
      metric,
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
